-- Offline sync (GET /api/sync) and work done offline (transitions with occurred_at). Tables only; the trigger that
-- writes the change log and the policies that scope it are R__sync.sql.

-- The change log: one row per change of a ticket, written in the changing transaction. txid is that transaction's id:
-- a reader returns rows only of transactions older than every one still running (pg_snapshot_xmin), in (txid, seq)
-- order, so a transaction that commits late is never skipped by a cursor that moved on (R__sync.sql explains).
CREATE TABLE ticket_changes (
    seq         BIGSERIAL    PRIMARY KEY,
    txid        XID8         NOT NULL DEFAULT pg_current_xact_id(),
    ticket_id   INTEGER      NOT NULL,
    kind        VARCHAR(10)  NOT NULL CHECK (kind IN ('upsert', 'delete', 'archive')),
    zone_id     INTEGER,
    old_zone_id INTEGER,
    zone        VARCHAR(100),
    changed_at  TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ticket_changes_position ON ticket_changes (txid, seq);
CREATE INDEX ticket_changes_zone_position ON ticket_changes (zone_id, txid, seq);
CREATE INDEX ticket_changes_age ON ticket_changes (changed_at);

-- How far the log has been pruned: a cursor before this position is too old (410).
CREATE TABLE sync_horizon (
    id          BOOLEAN PRIMARY KEY DEFAULT true CHECK (id),
    pruned_txid XID8    NOT NULL,
    pruned_seq  BIGINT  NOT NULL
);

-- Work done offline: when the device says it happened (occurred_at) and when the server heard of it (received_at);
-- changed_at stays the time the SLA clock uses (occurred_at when it is believed, else received_at).
ALTER TABLE ticket_status_events ADD COLUMN occurred_at TIMESTAMPTZ;
ALTER TABLE ticket_status_events ADD COLUMN received_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP;
