-- Tickets of the seed data model. assigned_team (team-service) and assigned_by (auth-service) reference data owned
-- by other services: plain ids, no cross-database foreign keys (docs/api.md).
CREATE TABLE tickets (
    id               SERIAL PRIMARY KEY,
    ticket_number    VARCHAR(20)  NOT NULL UNIQUE,
    title            VARCHAR(200) NOT NULL,
    description      TEXT,

    -- Classification (values of the seed's ticket_priority)
    priority         VARCHAR(20)  NOT NULL DEFAULT 'medium'
        CONSTRAINT tickets_priority_check CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    category         VARCHAR(50),
    subcategory      VARCHAR(50),

    -- Status tracking (values of the seed's ticket_status)
    status           VARCHAR(20)  NOT NULL DEFAULT 'open'
        CONSTRAINT tickets_status_check CHECK (status IN
            ('open', 'assigned', 'in_progress', 'on_hold', 'pending', 'resolved', 'closed', 'cancelled')),
    status_history   JSONB        NOT NULL DEFAULT '[]'::jsonb,

    -- Assignment
    assigned_team    INTEGER,
    assigned_to      VARCHAR(100),
    assigned_by      INTEGER,

    -- Location and context (x = longitude, y = latitude)
    zone             VARCHAR(100),
    location         VARCHAR(200),
    coordinates      POINT,

    -- Timestamps
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    due_date         TIMESTAMPTZ,
    completed_at     TIMESTAMPTZ,

    -- SLA tracking
    sla_deadline     TIMESTAMPTZ,
    sla_breach       BOOLEAN      NOT NULL DEFAULT FALSE,

    -- Customer information
    customer_name    VARCHAR(100),
    customer_contact VARCHAR(100),
    customer_rating  INTEGER CHECK (customer_rating >= 1 AND customer_rating <= 5),

    -- Metadata
    tags             TEXT[],
    attachments      JSONB,
    custom_fields    JSONB
);

CREATE INDEX idx_tickets_status ON tickets (status);
CREATE INDEX idx_tickets_priority ON tickets (priority);
CREATE INDEX idx_tickets_zone ON tickets (zone);
CREATE INDEX idx_tickets_assigned_team ON tickets (assigned_team);
CREATE INDEX idx_tickets_created_at ON tickets (created_at);
CREATE INDEX idx_tickets_due_date ON tickets (due_date);
CREATE INDEX idx_tickets_customer_rating ON tickets (customer_rating);
-- Composite indexes of the seed's "Query Optimization" section
CREATE INDEX idx_tickets_status_zone_date ON tickets (status, zone, created_at);
CREATE INDEX idx_tickets_team_status ON tickets (assigned_team, status);
