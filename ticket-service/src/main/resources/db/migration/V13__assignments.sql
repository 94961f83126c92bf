-- Assignments (docs/api.md "Assignments and dispatch"; ticket-service README): the work of a ticket given to a team.
-- Tables only; their row-level security is in R__scope.sql, their change-log trigger in R__sync.sql.

-- The directory learns what dispatch needs of a team: capacity and categories (team events) and members (team
-- members events, versioned apart: a team event without members must not make older members look newer).
ALTER TABLE teams ADD COLUMN capacity INTEGER NOT NULL DEFAULT 10;
ALTER TABLE teams ADD COLUMN categories VARCHAR(30)[] NOT NULL DEFAULT '{}';
ALTER TABLE teams ADD COLUMN members_version INTEGER NOT NULL DEFAULT 0;
-- Open (assigned or in progress) assignments of the team, kept by a trigger on assignments (R__scope.sql).
ALTER TABLE teams ADD COLUMN open_assignments INTEGER NOT NULL DEFAULT 0;
CREATE TABLE team_members (
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    PRIMARY KEY (team_id, user_id)
);

-- Every column of the original model, plus who works it (assigned_to, a member of the team), where (zone_id, zone:
-- the ticket's, so the visibility rule applies as to tickets), a version for ETags, and who ended it and why. A
-- ticket has at most one current assignment (assigned, in progress or completed); the others ended (cancelled,
-- reassigned, declined, released). team_id and assigned_by name rows of other services' databases: no foreign key.
CREATE TABLE assignments (
    id                   SERIAL PRIMARY KEY,
    ticket_id            INTEGER      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    team_id              INTEGER      NOT NULL,
    assigned_to          INTEGER,
    zone_id              INTEGER,
    zone                 VARCHAR(100),
    assigned_by          INTEGER,
    assigned_by_actor    VARCHAR(120) NOT NULL,
    assigned_at          TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    assignment_type      VARCHAR(20)  NOT NULL DEFAULT 'manual' CHECK (assignment_type IN ('manual', 'auto', 'bulk')),
    status               VARCHAR(20)  NOT NULL DEFAULT 'assigned'
        CHECK (status IN ('assigned', 'in_progress', 'completed', 'cancelled', 'reassigned', 'declined', 'released')),
    notes                TEXT,
    estimated_completion TIMESTAMPTZ,
    actual_completion    TIMESTAMPTZ,
    time_spent           INTEGER      CHECK (time_spent >= 0),
    time_spent_reported  BOOLEAN      NOT NULL DEFAULT false,
    quality_score        DECIMAL(3,2) CHECK (quality_score BETWEEN 0 AND 5),
    assignment_criteria  JSONB        NOT NULL DEFAULT '{}',
    feedback             JSONB,
    override_reason      VARCHAR(500),
    decision_id          BIGINT,
    reopen_count         INTEGER      NOT NULL DEFAULT 0,
    ended_at             TIMESTAMPTZ,
    ended_by             VARCHAR(120),
    end_reason           VARCHAR(500),
    version              INTEGER      NOT NULL DEFAULT 1,
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_by           VARCHAR(120)
);
CREATE INDEX idx_assignments_ticket_id ON assignments (ticket_id);
CREATE INDEX idx_assignments_team_id ON assignments (team_id);
CREATE INDEX idx_assignments_status ON assignments (status);
CREATE INDEX idx_assignments_assigned_at ON assignments (assigned_at);
CREATE UNIQUE INDEX assignments_one_current ON assignments (ticket_id) WHERE status IN ('assigned', 'in_progress', 'completed');
-- A team's open load (dispatch's capacity rule and load objective).
CREATE INDEX assignments_team_open ON assignments (team_id) WHERE status IN ('assigned', 'in_progress');
CREATE INDEX assignments_zone ON assignments (zone_id, id);

-- The change log names what changed: a ticket, or an assignment of that ticket (offline sync sends both).
ALTER TABLE ticket_changes ADD COLUMN entity VARCHAR(12) NOT NULL DEFAULT 'ticket' CHECK (entity IN ('ticket', 'assignment'));
ALTER TABLE ticket_changes ADD COLUMN entity_id INTEGER;
