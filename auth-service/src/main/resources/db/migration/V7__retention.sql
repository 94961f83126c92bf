-- Data lifecycle (docs/api.md "Data lifecycle"): a legal hold keeps a ticket out of retention (admin and manager);
-- reading what the next retention run would archive and purge is for service clients (the gateway's own account,
-- which answers administrators' GET /api/admin/retention/preview). Roles keep whatever an administrator changed
-- since: only the new permissions are granted here.
INSERT INTO permissions (name, resource, action, description) VALUES
    ('tickets:hold',   'tickets',   'hold', 'Put a legal hold on a ticket (never archived while held) and release it'),
    ('retention:read', 'retention', 'read', 'Read what the next retention run would archive and purge (service clients)');

INSERT INTO role_permissions (role, permission_id)
SELECT r.role, p.id FROM permissions p
JOIN (VALUES ('admin', 'tickets:hold'), ('manager', 'tickets:hold')) AS r (role, permission) ON r.permission = p.name
ON CONFLICT DO NOTHING;

-- One row per day a retention run started (io.aiff.common.db.retention.Retention): once per cluster and day.
CREATE TABLE retention_runs (
    run_day      DATE         PRIMARY KEY,
    started_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    heartbeat_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ,
    counts       JSONB        NOT NULL DEFAULT '{}'
);
