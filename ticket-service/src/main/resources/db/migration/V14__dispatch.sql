-- Automatic dispatch (ticket-service README, "Dispatch"): versioned policies and every decision with the inputs it
-- used, so that a replay computes it again exactly. Row-level security on decisions is in R__scope.sql.

-- A policy version is never changed: a change is a new version. hash: SHA-256 of the body's canonical JSON (RFC 8785).
-- The default policy (id 1) is written by the service at start (its hash is computed by the same code as every other).
CREATE TABLE dispatch_policies (
    id         INTEGER      NOT NULL,
    version    INTEGER      NOT NULL,
    name       VARCHAR(100) NOT NULL,
    body       JSONB        NOT NULL,
    hash       CHAR(64)     NOT NULL,
    created_by VARCHAR(120) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id, version)
);
CREATE SEQUENCE dispatch_policy_ids START 2;

-- One decision: the ticket (and its version), the policy version and hash, the inputs as used (each candidate team's
-- values and the directory version they came from), the evaluation (per candidate every rule and objective), and what
-- came of it. zone_id/zone are the ticket's: decisions are read by the same rule as assignments.
CREATE TABLE dispatch_decisions (
    id              BIGSERIAL    PRIMARY KEY,
    ticket_id       INTEGER      NOT NULL,
    ticket_version  INTEGER      NOT NULL,
    zone_id         INTEGER,
    zone            VARCHAR(100),
    policy_id       INTEGER      NOT NULL,
    policy_version  INTEGER      NOT NULL,
    policy_hash     CHAR(64)     NOT NULL,
    inputs          JSONB        NOT NULL,
    evaluation      JSONB        NOT NULL,
    chosen_team_id  INTEGER,
    assignment_id   INTEGER,
    decided_by      VARCHAR(120) NOT NULL,
    decided_at      TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (policy_id, policy_version) REFERENCES dispatch_policies (id, version)
);
CREATE INDEX dispatch_decisions_ticket ON dispatch_decisions (ticket_id, id);
CREATE INDEX dispatch_decisions_zone ON dispatch_decisions (zone_id, id);
