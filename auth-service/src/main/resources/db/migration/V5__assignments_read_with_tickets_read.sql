-- Reading assignments goes with reading tickets: every role that holds tickets:read now (administrators' changes
-- included — V4 granted it to the default roles only) gets assignments:read.
INSERT INTO role_permissions (role, permission_id)
SELECT DISTINCT rp.role, p.id FROM role_permissions rp
JOIN permissions t ON t.id = rp.permission_id AND t.name = 'tickets:read'
JOIN permissions p ON p.name = 'assignments:read'
ON CONFLICT DO NOTHING;
