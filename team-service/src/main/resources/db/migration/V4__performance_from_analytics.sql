-- The performance columns show what analytics-service publishes (analytics.team_performance_updated, consumed by
-- io.aiff.team.events.PerformanceConsumer): when the numbers it last stored were computed (an older event changes nothing).
ALTER TABLE teams ADD COLUMN performance_at TIMESTAMPTZ;

-- The stream consumer's bookkeeping (aiff-common-db io.aiff.common.db.StreamConsumer).
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
