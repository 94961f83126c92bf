-- One row per day a retention run started (io.aiff.common.db.retention.Retention): once per cluster and day. The
-- run purges published outbox rows (docs/api.md "Data lifecycle"); teams, zones and memberships are kept.
CREATE TABLE retention_runs (
    run_day      DATE         PRIMARY KEY,
    started_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    heartbeat_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ,
    counts       JSONB        NOT NULL DEFAULT '{}'
);
