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

-- The facts exist in generations: readers and the consumer use the current one; a rebuild (POST
-- /api/analytics/rebuild) fills the next one from ticket-service's export while the consumer writes both, then makes
-- it current in one update (the swap), and the old generation's rows are deleted after.
CREATE TABLE facts_generation (
    id       INTEGER PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    current  INTEGER NOT NULL,
    building INTEGER
);
INSERT INTO facts_generation (current) VALUES (1);

-- Everything said about a ticket, one row per change: the facts are folded from these every time one arrives, so a
-- late event corrects them. A change is known by its key (created, rated, a status move by from, to and time), so the
-- same change coming from the stream and from the export, or twice, is stored once.
CREATE TABLE ticket_history (
    generation  INTEGER      NOT NULL,
    ticket_id   INTEGER      NOT NULL,
    change_key  VARCHAR(120) NOT NULL,
    type        VARCHAR(60)  NOT NULL,
    occurred_at TIMESTAMPTZ  NOT NULL,
    envelope    JSONB        NOT NULL,
    PRIMARY KEY (generation, ticket_id, change_key)
);

-- One row per ticket: the fold of its history (io.aiff.analytics.service.TicketFacts).
CREATE TABLE ticket_facts (
    generation         INTEGER      NOT NULL,
    ticket_id          INTEGER      NOT NULL,
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
    updated_at         TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (generation, ticket_id)
);
CREATE INDEX idx_ticket_facts_zone_created ON ticket_facts (generation, zone_id, created_at);
CREATE INDEX idx_ticket_facts_zone_resolved ON ticket_facts (generation, zone_id, resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX idx_ticket_facts_team_resolved ON ticket_facts (generation, team_id, resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX idx_ticket_facts_closed ON ticket_facts (generation, zone_id, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX idx_ticket_facts_responded ON ticket_facts (generation, zone_id, first_response_at) WHERE first_response_at IS NOT NULL;
CREATE INDEX idx_ticket_facts_backlog ON ticket_facts (generation, zone_id)
    WHERE status IN ('open', 'assigned', 'in_progress', 'on_hold', 'pending');

-- One row per assignment, as its newest version says (assignment events carry the whole assignment and its version).
CREATE TABLE assignment_facts (
    generation    INTEGER       NOT NULL,
    assignment_id INTEGER       NOT NULL,
    ticket_id     INTEGER       NOT NULL,
    team_id       INTEGER       NOT NULL,
    zone_id       INTEGER,
    status        VARCHAR(20)   NOT NULL,
    assigned_at   TIMESTAMPTZ   NOT NULL,
    completed_at  TIMESTAMPTZ,
    time_spent    INTEGER,
    quality_score DECIMAL(3, 2),
    version       INTEGER       NOT NULL,
    PRIMARY KEY (generation, assignment_id)
);
CREATE INDEX idx_assignment_facts_team ON assignment_facts (generation, team_id, assigned_at);
CREATE INDEX idx_assignment_facts_zone ON assignment_facts (generation, zone_id, assigned_at);

-- Rebuilds from the source: progress, and the stream position each started at.
CREATE TABLE rebuilds (
    id              SERIAL       PRIMARY KEY,
    generation      INTEGER      NOT NULL,
    status          VARCHAR(20)  NOT NULL CHECK (status IN ('building', 'catching_up', 'completed', 'failed')),
    stream_position VARCHAR(40),
    tickets_done    INTEGER      NOT NULL DEFAULT 0,
    events_replayed INTEGER      NOT NULL DEFAULT 0,
    requested_by    VARCHAR(120) NOT NULL,
    started_at      TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- The replica running it touches this after every page; a rebuild not touched for a minute died with its replica.
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    finished_at     TIMESTAMPTZ,
    error           TEXT
);
