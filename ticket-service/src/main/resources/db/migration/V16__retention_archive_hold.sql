-- Retention (docs/api.md "Data lifecycle"; ticket-service README): tickets closed or cancelled for longer than
-- aiff.tickets.retention move, with their history and assignments, into schema "archive" of this database; a ticket
-- on legal hold never moves. Tables only; the move, the views that read both and the policies are R__retention.sql.

-- Legal hold (POST/DELETE /api/tickets/{id}/hold), and when the ticket reached its final state (closed or cancelled:
-- the time retention counts from). finished_at is set by a trigger (R__retention.sql), so every writer sets it.
ALTER TABLE tickets ADD COLUMN legal_hold BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE tickets ADD COLUMN legal_hold_reason VARCHAR(500);
ALTER TABLE tickets ADD COLUMN legal_hold_by VARCHAR(120);
ALTER TABLE tickets ADD COLUMN legal_hold_at TIMESTAMPTZ;
ALTER TABLE tickets ADD COLUMN finished_at TIMESTAMPTZ;

-- Tickets already final: since their last move to that state (the ticket's last change when no event recorded it).
SELECT set_config('aiff.actor', 'system', true), set_config('aiff.reads', 'all', true), set_config('aiff.changes', 'all', true),
       set_config('aiff.role', 'system', true);
UPDATE tickets t SET finished_at = coalesce(
        (SELECT max(e.changed_at) FROM ticket_status_events e WHERE e.ticket_id = t.id AND e.to_status = t.status), t.updated_at)
WHERE t.status IN ('closed', 'cancelled');

-- The oldest open work (a metric operators watch: work that retention must never touch and nobody finishes).
CREATE INDEX tickets_open_created ON tickets (created_at) WHERE status NOT IN ('resolved', 'closed', 'cancelled');

-- What a retention run looks for, oldest first.
CREATE INDEX tickets_retention ON tickets (finished_at) WHERE status IN ('closed', 'cancelled') AND NOT legal_hold;

-- Hold and release are recorded in the ticket's history with the status unchanged (from = to), like a priority change.
ALTER TABLE ticket_status_events ADD COLUMN kind VARCHAR(12) NOT NULL DEFAULT 'status'
    CHECK (kind IN ('status', 'hold', 'release'));

-- The archive: the same columns as the live tables (the archive test asserts it; a column added to a live table is
-- added here in the same migration), plus when the ticket moved. Same ids: an archived ticket keeps its URL.
CREATE SCHEMA archive;

CREATE TABLE archive.tickets (LIKE public.tickets INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE archive.tickets ALTER COLUMN id DROP DEFAULT;
ALTER TABLE archive.tickets ADD PRIMARY KEY (id);
ALTER TABLE archive.tickets ADD COLUMN archived_at TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE UNIQUE INDEX archive_tickets_number ON archive.tickets (ticket_number);
CREATE INDEX archive_tickets_zone ON archive.tickets (zone_id, id);
CREATE INDEX archive_tickets_created ON archive.tickets (created_at);

CREATE TABLE archive.ticket_status_events (LIKE public.ticket_status_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE archive.ticket_status_events ALTER COLUMN id DROP DEFAULT;
ALTER TABLE archive.ticket_status_events ADD PRIMARY KEY (id);
ALTER TABLE archive.ticket_status_events ADD FOREIGN KEY (ticket_id) REFERENCES archive.tickets (id);
CREATE INDEX archive_ticket_status_events_ticket ON archive.ticket_status_events (ticket_id, id);

CREATE TABLE archive.assignments (LIKE public.assignments INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE archive.assignments ALTER COLUMN id DROP DEFAULT;
ALTER TABLE archive.assignments ADD PRIMARY KEY (id);
ALTER TABLE archive.assignments ADD FOREIGN KEY (ticket_id) REFERENCES archive.tickets (id);
CREATE INDEX archive_assignments_ticket ON archive.assignments (ticket_id);

-- One row per day a retention run started: a run happens once per cluster and day, and resumes when its replica died.
CREATE TABLE retention_runs (
    run_day      DATE         PRIMARY KEY,
    started_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    heartbeat_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ,
    counts       JSONB        NOT NULL DEFAULT '{}'
);

GRANT USAGE ON SCHEMA archive TO ${app_role};
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA archive TO ${app_role};
