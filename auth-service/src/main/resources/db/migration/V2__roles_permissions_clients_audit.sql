-- Roles and permissions (seed: user_role, permissions, role_permissions). A permission is resource:action; whether
-- it applies to all rows or only the caller's zones or teams is a fixed rule of each role, applied by the service
-- that owns the data. role_permissions only says whether a role has a permission at all.
CREATE TABLE permissions (
    id          SERIAL PRIMARY KEY,
    name        VARCHAR(50) NOT NULL UNIQUE,
    description TEXT,
    resource    VARCHAR(50) NOT NULL,
    action      VARCHAR(50) NOT NULL,
    CONSTRAINT permissions_name_is_resource_action CHECK (name = resource || ':' || action)
);

CREATE TABLE role_permissions (
    role          VARCHAR(20) NOT NULL
        CONSTRAINT role_permissions_role_check CHECK (role IN ('admin', 'manager', 'supervisor', 'technician', 'viewer')),
    permission_id INTEGER     NOT NULL REFERENCES permissions (id) ON DELETE CASCADE,
    PRIMARY KEY (role, permission_id)
);

INSERT INTO permissions (name, resource, action, description) VALUES
    ('tickets:read',         'tickets',   'read',          'Read tickets (all, or in own zones)'),
    ('tickets:create',       'tickets',   'create',        'Create tickets'),
    ('tickets:update',       'tickets',   'update',        'Edit tickets'),
    ('tickets:transition',   'tickets',   'transition',    'Move tickets through their lifecycle'),
    ('tickets:assign',       'tickets',   'assign',        'Assign tickets to teams'),
    ('tickets:close',        'tickets',   'close',         'Close resolved tickets'),
    ('tickets:cancel',       'tickets',   'cancel',        'Cancel tickets'),
    ('tickets:rate',         'tickets',   'rate',          'Record the customer rating'),
    ('tickets:read_contact', 'tickets',   'read_contact',  'See customer contact details'),
    ('sla:manage',           'sla',       'manage',        'Manage SLA policies'),
    ('teams:read',           'teams',     'read',          'Read teams'),
    ('zones:read',           'zones',     'read',          'Read zones'),
    ('teams:manage',         'teams',     'manage',        'Create and change teams and memberships'),
    ('zones:manage',         'zones',     'manage',        'Create and change zones'),
    ('teams:update_status',  'teams',     'update_status', 'Change a team''s availability'),
    ('analytics:read',       'analytics', 'read',          'Read metrics and reports'),
    ('users:read',           'users',     'read',          'Read user accounts'),
    ('users:manage',         'users',     'manage',        'Create, change and deactivate user accounts'),
    ('roles:manage',         'roles',     'manage',        'Change which permissions a role has'),
    ('clients:manage',       'clients',   'manage',        'Manage service clients'),
    ('audit:read',           'audit',     'read',          'Read the security audit log'),
    ('system:admin',         'system',    'admin',         'Operate the system');

INSERT INTO role_permissions (role, permission_id)
SELECT 'admin', id FROM permissions;

INSERT INTO role_permissions (role, permission_id)
SELECT 'manager', id FROM permissions
WHERE name NOT IN ('users:manage', 'roles:manage', 'clients:manage', 'audit:read', 'system:admin');

INSERT INTO role_permissions (role, permission_id)
SELECT 'supervisor', id FROM permissions
WHERE name IN ('tickets:read', 'tickets:create', 'tickets:update', 'tickets:transition', 'tickets:assign',
               'tickets:close', 'tickets:rate', 'tickets:read_contact', 'teams:read', 'zones:read',
               'teams:update_status', 'analytics:read');

INSERT INTO role_permissions (role, permission_id)
SELECT 'technician', id FROM permissions
WHERE name IN ('tickets:read', 'tickets:create', 'tickets:update', 'tickets:transition', 'tickets:rate',
               'tickets:read_contact', 'teams:read', 'zones:read', 'teams:update_status');

INSERT INTO role_permissions (role, permission_id)
SELECT 'viewer', id FROM permissions
WHERE name IN ('tickets:read', 'teams:read', 'zones:read', 'analytics:read');

-- Optimistic concurrency for users (strong ETag, If-Match).
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Service accounts for the client-credentials grant. The secret is stored only as a hash.
CREATE TABLE auth_clients (
    id          SERIAL PRIMARY KEY,
    client_id   VARCHAR(100) NOT NULL UNIQUE,
    secret_hash VARCHAR(255) NOT NULL,
    description TEXT,
    permissions TEXT[]       NOT NULL DEFAULT '{}',
    is_active   BOOLEAN      NOT NULL DEFAULT TRUE,
    managed_by  VARCHAR(20)  NOT NULL DEFAULT 'api'
        CONSTRAINT auth_clients_managed_by_check CHECK (managed_by IN ('api', 'config')),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Who did what, when, from where: logins, logouts, refresh-token reuse, role, permission, client and user changes.
CREATE TABLE auth_audit (
    id          BIGSERIAL PRIMARY KEY,
    occurred_at TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    actor       VARCHAR(120) NOT NULL,
    action      VARCHAR(50)  NOT NULL,
    target      VARCHAR(120),
    outcome     VARCHAR(20)  NOT NULL DEFAULT 'success',
    ip          VARCHAR(64),
    details     JSONB
);

CREATE INDEX idx_auth_audit_occurred_at ON auth_audit (occurred_at);
CREATE INDEX idx_auth_audit_action ON auth_audit (action, occurred_at);
CREATE INDEX idx_auth_audit_actor ON auth_audit (actor, occurred_at);
