-- Metrics of the seed data model. team_id (team-service) and user_id (auth-service) are plain ids: no
-- cross-database foreign keys (docs/api.md).
CREATE TABLE analytics (
    id               SERIAL PRIMARY KEY,

    -- Metric identification
    metric_name      VARCHAR(100)   NOT NULL,
    metric_type      VARCHAR(50)    NOT NULL, -- performance, efficiency, satisfaction
    metric_value     DECIMAL(10, 2) NOT NULL,
    metric_unit      VARCHAR(20),             -- percentage, count, minutes, rating

    -- Context
    team_id          INTEGER,
    zone             VARCHAR(100),
    user_id          INTEGER,

    -- Time dimension
    date_recorded    TIMESTAMPTZ    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    period_start     TIMESTAMPTZ,
    period_end       TIMESTAMPTZ,

    -- Additional context
    metadata         JSONB,
    tags             TEXT[],

    -- Data quality
    confidence_score DECIMAL(3, 2)  NOT NULL DEFAULT 1.00,
    data_source      VARCHAR(50)    NOT NULL DEFAULT 'system'
);

CREATE INDEX idx_analytics_metric_name ON analytics (metric_name);
CREATE INDEX idx_analytics_metric_type ON analytics (metric_type);
CREATE INDEX idx_analytics_team_id ON analytics (team_id);
CREATE INDEX idx_analytics_zone ON analytics (zone);
CREATE INDEX idx_analytics_date_recorded ON analytics (date_recorded);
CREATE INDEX idx_analytics_period ON analytics (period_start, period_end);
CREATE INDEX idx_analytics_team_date ON analytics (team_id, date_recorded);
