-- Versions for strong ETags, who changed a team's status, memberships, and the transactional outbox.
ALTER TABLE zones ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE zones ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE teams ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Every status change: who and when (POST /api/teams/{id}/status).
CREATE TABLE team_status_changes (
    id          BIGSERIAL PRIMARY KEY,
    team_id     INTEGER     NOT NULL REFERENCES teams (id),
    from_status VARCHAR(20) NOT NULL,
    to_status   VARCHAR(20) NOT NULL,
    changed_by  VARCHAR(120) NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_team_status_changes_team ON team_status_changes (team_id, changed_at);

-- Members are auth-service users (no foreign key across databases).
CREATE TABLE team_members (
    team_id      INTEGER     NOT NULL REFERENCES teams (id),
    user_id      INTEGER     NOT NULL,
    role_in_team VARCHAR(10) NOT NULL CHECK (role_in_team IN ('lead', 'member')),
    joined_at    TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX idx_team_members_user ON team_members (user_id);

-- Transactional outbox (aiff-common io.aiff.common.events.Outbox / OutboxRelay): ids increase in commit order.
CREATE TABLE outbox (
    id         BIGSERIAL PRIMARY KEY,
    event_id   UUID         NOT NULL UNIQUE,
    type       VARCHAR(60)  NOT NULL,
    envelope   JSONB        NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    sent_at    TIMESTAMPTZ
);
CREATE INDEX idx_outbox_pending ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX idx_outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
