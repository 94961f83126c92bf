-- "Sees everything" is a permission, so that PUT /api/roles/{role}/permissions really changes it (docs/api.md, "Who
-- sees what"): callers without it see only their zones' data (supervisors, technicians) or nothing at all.
INSERT INTO permissions (name, resource, action, description) VALUES
    ('scope:all', 'scope', 'all', 'See the data of every zone and team (without it: only the caller''s zones)');

INSERT INTO role_permissions (role, permission_id)
SELECT r.role, p.id FROM permissions p, (VALUES ('admin'), ('manager'), ('viewer')) AS r (role)
WHERE p.name = 'scope:all';
