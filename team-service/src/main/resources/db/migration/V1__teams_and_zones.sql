-- Teams, zones and coverage of the seed data model. Geometry uses PostgreSQL's own types (no PostGIS):
-- x = longitude, y = latitude.
CREATE TABLE zones (
    id             SERIAL PRIMARY KEY,
    name           VARCHAR(100) NOT NULL UNIQUE,
    region         VARCHAR(100) NOT NULL,
    coordinates    POINT,
    coverage_area  POLYGON,
    population     INTEGER CHECK (population >= 0),
    priority_level INTEGER      NOT NULL DEFAULT 1,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_zones_coverage_area ON zones USING gist (coverage_area);
CREATE INDEX idx_zones_coordinates ON zones USING gist (coordinates);

CREATE TABLE teams (
    id                SERIAL PRIMARY KEY,
    name              VARCHAR(100)  NOT NULL,
    zone              VARCHAR(100)  NOT NULL,
    description       TEXT,
    is_active         BOOLEAN       NOT NULL DEFAULT TRUE,

    -- Performance metrics
    tickets_completed INTEGER       NOT NULL DEFAULT 0,
    customer_rating   DECIMAL(3, 2) NOT NULL DEFAULT 0.00,
    response_time     INTEGER       NOT NULL DEFAULT 0,    -- minutes
    completion_rate   DECIMAL(5, 2) NOT NULL DEFAULT 0.00, -- percentage
    efficiency        DECIMAL(5, 2) NOT NULL DEFAULT 0.00, -- percentage

    -- Status and metadata
    status            VARCHAR(20)   NOT NULL DEFAULT 'available'
        CONSTRAINT teams_status_check CHECK (status IN ('available', 'busy', 'on_break', 'offline')),
    created_at        TIMESTAMPTZ   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at        TIMESTAMPTZ   NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_teams_zone ON teams (zone);
CREATE INDEX idx_teams_status ON teams (status);
CREATE INDEX idx_teams_active ON teams (is_active);
CREATE INDEX idx_teams_performance ON teams (tickets_completed, customer_rating);
CREATE INDEX idx_teams_name_search ON teams USING gin (to_tsvector('english', name));

CREATE TABLE team_zones (
    team_id     INTEGER     NOT NULL REFERENCES teams (id),
    zone_id     INTEGER     NOT NULL REFERENCES zones (id),
    assigned_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    is_primary  BOOLEAN     NOT NULL DEFAULT FALSE,
    PRIMARY KEY (team_id, zone_id)
);

CREATE INDEX idx_team_zones_zone ON team_zones (zone_id);
-- At most one primary zone per team.
CREATE UNIQUE INDEX team_zones_one_primary ON team_zones (team_id) WHERE is_primary;
