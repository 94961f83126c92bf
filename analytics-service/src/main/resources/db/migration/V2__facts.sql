-- The facts behind the performance numbers (analytics-service/README.md, "Definitions"), fed by ticket-service's
-- events through the consumer group `analytics`. Ticket, team and zone ids are plain ids (no cross-database keys).

-- The consumer's bookkeeping (aiff-common-db StreamConsumer), as in every consuming service.
CREATE TABLE stream_consumers (
    group_name VARCHAR(60) PRIMARY KEY,
    filled_at  TIMESTAMPTZ
);
CREATE TABLE consumed_events (
    group_name  VARCHAR(60) NOT NULL,
    event_id    UUID        NOT NULL,
    consumed_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (group_name, event_id)
);
CREATE INDEX consumed_events_age ON consumed_events (consumed_at);

-- Everything ticket-service said about a ticket, one row per event: the facts are folded from these every time one
-- arrives, so a late event corrects them and a repeated one (same id) is not stored twice.
CREATE TABLE ticket_history (
    event_id    UUID        PRIMARY KEY,
    ticket_id   INTEGER     NOT NULL,
    type        VARCHAR(60) NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    envelope    JSONB       NOT NULL
);
CREATE INDEX idx_ticket_history_ticket ON ticket_history (ticket_id);

-- One row per ticket: the fold of its history (io.aiff.analytics.service.TicketFacts).
CREATE TABLE ticket_facts (
    ticket_id          INTEGER      PRIMARY KEY,
    zone_id            INTEGER,
    zone               VARCHAR(100),
    team_id            INTEGER,
    priority           VARCHAR(20),
    category           VARCHAR(100),
    status             VARCHAR(20)  NOT NULL,
    created_at         TIMESTAMPTZ,
    first_response_at  TIMESTAMPTZ,
    resolved_at        TIMESTAMPTZ,
    closed_at          TIMESTAMPTZ,
    paused_seconds     BIGINT       NOT NULL DEFAULT 0,
    paused_since       TIMESTAMPTZ,
    reopen_count       INTEGER      NOT NULL DEFAULT 0,
    reassignment_count INTEGER      NOT NULL DEFAULT 0,
    rating             SMALLINT,
    response_met       BOOLEAN,
    resolution_met     BOOLEAN,
    assignment_id      INTEGER,
    updated_at         TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_ticket_facts_zone_created ON ticket_facts (zone_id, created_at);
CREATE INDEX idx_ticket_facts_zone_resolved ON ticket_facts (zone_id, resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX idx_ticket_facts_team_resolved ON ticket_facts (team_id, resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX idx_ticket_facts_backlog ON ticket_facts (zone_id)
    WHERE status IN ('open', 'assigned', 'in_progress', 'on_hold', 'pending');

-- One row per assignment, as its newest event says (assignment events carry the whole assignment and its version).
CREATE TABLE assignment_facts (
    assignment_id INTEGER       PRIMARY KEY,
    ticket_id     INTEGER       NOT NULL,
    team_id       INTEGER       NOT NULL,
    zone_id       INTEGER,
    status        VARCHAR(20)   NOT NULL,
    assigned_at   TIMESTAMPTZ   NOT NULL,
    completed_at  TIMESTAMPTZ,
    time_spent    INTEGER,
    quality_score DECIMAL(3, 2),
    version       INTEGER       NOT NULL
);
CREATE INDEX idx_assignment_facts_team ON assignment_facts (team_id, assigned_at);
CREATE INDEX idx_assignment_facts_zone ON assignment_facts (zone_id, assigned_at);
