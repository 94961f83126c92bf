-- Recording metrics of one's own in analytics-service (POST /api/analytics/metrics): administrators, and service
-- clients given it in their configuration. Roles keep whatever an administrator changed since: only the new
-- permission is granted here.
INSERT INTO permissions (name, resource, action, description) VALUES
    ('analytics:write', 'analytics', 'write', 'Record metrics (data_source: the caller)');

INSERT INTO role_permissions (role, permission_id)
SELECT 'admin', id FROM permissions WHERE name = 'analytics:write'
ON CONFLICT DO NOTHING;
