-- Assignments and dispatch (ticket-service; docs/api.md "Assignments and dispatch"): one permission per act. Assigning
-- stays tickets:assign (admin, manager, supervisor). Roles keep whatever an administrator changed since: only the
-- new permissions are granted here.
INSERT INTO permissions (name, resource, action, description) VALUES
    ('assignments:read',     'assignments', 'read',     'Read assignments and dispatch decisions (all, or in own zones)'),
    ('assignments:update',   'assignments', 'update',   'Record notes, estimated completion, time spent, quality and feedback'),
    ('assignments:decline',  'assignments', 'decline',  'Decline an assignment, handing the ticket back'),
    ('assignments:override', 'assignments', 'override', 'Assign past the team rules (zone served, status, capacity), with a reason'),
    ('dispatch:manage',      'dispatch',    'manage',   'Write dispatch policies');

INSERT INTO role_permissions (role, permission_id)
SELECT r.role, p.id FROM permissions p
JOIN (VALUES ('admin', 'assignments:read'), ('admin', 'assignments:update'), ('admin', 'assignments:decline'),
             ('admin', 'assignments:override'), ('admin', 'dispatch:manage'),
             ('manager', 'assignments:read'), ('manager', 'assignments:update'), ('manager', 'assignments:decline'),
             ('manager', 'assignments:override'), ('manager', 'dispatch:manage'),
             ('supervisor', 'assignments:read'), ('supervisor', 'assignments:update'), ('supervisor', 'assignments:decline'),
             ('technician', 'assignments:read'), ('technician', 'assignments:update'), ('technician', 'assignments:decline'),
             ('viewer', 'assignments:read')) AS r (role, permission) ON r.permission = p.name
ON CONFLICT DO NOTHING;
