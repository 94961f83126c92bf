-- Row-level security on tickets, the status-event log, SLA bookkeeping, human ticket numbers and the outbox.

-- The caller's scope, set per transaction by the service with set_config(..., true) (bound parameters):
--   aiff.role      admin | manager | viewer | supervisor | technician | service | system
--   aiff.user_id   the caller's user id (or client id)
--   aiff.team_ids  an int array literal, e.g. {3,7}
--   aiff.zones     a JSON array of zone names
--   aiff.read_all  'true' for service tokens holding tickets:read
-- Nothing set means no role: every policy below is false, so such a query sees and changes nothing (fail closed).
CREATE FUNCTION aiff_role() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT coalesce(current_setting('aiff.role', true), '') $$;
CREATE FUNCTION aiff_zones() RETURNS text[] LANGUAGE sql STABLE
    AS $$ SELECT coalesce(ARRAY(SELECT jsonb_array_elements_text(nullif(current_setting('aiff.zones', true), '')::jsonb)), '{}') $$;
CREATE FUNCTION aiff_team_ids() RETURNS int[] LANGUAGE sql STABLE
    AS $$ SELECT coalesce(nullif(current_setting('aiff.team_ids', true), '')::int[], '{}') $$;

ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;
ALTER TABLE tickets FORCE ROW LEVEL SECURITY;

CREATE POLICY tickets_select ON tickets FOR SELECT USING (
    aiff_role() IN ('admin', 'manager', 'viewer', 'system')
    OR (aiff_role() = 'service' AND current_setting('aiff.read_all', true) = 'true')
    OR (aiff_role() IN ('supervisor', 'technician') AND zone = ANY (aiff_zones())));

CREATE POLICY tickets_insert ON tickets FOR INSERT WITH CHECK (
    aiff_role() IN ('admin', 'manager', 'system', 'service')
    OR (aiff_role() IN ('supervisor', 'technician') AND zone = ANY (aiff_zones())));

CREATE POLICY tickets_update ON tickets FOR UPDATE
    USING (aiff_role() IN ('admin', 'manager', 'system')
        OR (aiff_role() = 'supervisor' AND zone = ANY (aiff_zones()))
        OR (aiff_role() = 'technician' AND assigned_team = ANY (aiff_team_ids())))
    WITH CHECK (aiff_role() IN ('admin', 'manager', 'system')
        OR (aiff_role() = 'supervisor' AND zone = ANY (aiff_zones()))
        OR (aiff_role() = 'technician' AND assigned_team = ANY (aiff_team_ids())));

-- Tickets are never deleted through the API; only explicit system jobs (retention of closed tickets) may.
CREATE POLICY tickets_delete ON tickets FOR DELETE USING (aiff_role() = 'system');

-- Human ticket numbers: TKT-<year>-<6 digits> from one sequence (no collisions under concurrent creates).
CREATE SEQUENCE ticket_number_seq;

-- Versions for ETags, when the ticket first left 'open' (response target), at-risk time as an indexed timestamp.
ALTER TABLE tickets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tickets ADD COLUMN responded_at TIMESTAMPTZ;
ALTER TABLE tickets ADD COLUMN sla_at_risk_at TIMESTAMPTZ;
CREATE INDEX idx_tickets_sla_at_risk ON tickets (sla_at_risk_at) WHERE status NOT IN ('resolved', 'closed', 'cancelled');
CREATE INDEX idx_tickets_sla_deadline_open ON tickets (sla_deadline) WHERE status NOT IN ('resolved', 'closed', 'cancelled');
CREATE INDEX idx_tickets_updated_at ON tickets (updated_at, id);

-- Every status change and priority change, queryable (the SLA clock is derived from these).
CREATE TABLE ticket_status_events (
    id          BIGSERIAL PRIMARY KEY,
    ticket_id   INTEGER      NOT NULL REFERENCES tickets (id),
    from_status VARCHAR(20),
    to_status   VARCHAR(20)  NOT NULL,
    priority    VARCHAR(20)  NOT NULL,
    reason      VARCHAR(500),
    changed_by  VARCHAR(120) NOT NULL,
    changed_at  TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_ticket_status_events_ticket ON ticket_status_events (ticket_id, id);

-- Transactional outbox (aiff-common io.aiff.common.events.Outbox / OutboxRelay): ids increase in commit order.
CREATE TABLE outbox (
    id         BIGSERIAL PRIMARY KEY,
    event_id   UUID         NOT NULL UNIQUE,
    type       VARCHAR(60)  NOT NULL,
    envelope   JSONB        NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    sent_at    TIMESTAMPTZ
);
CREATE INDEX idx_outbox_pending ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX idx_outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
