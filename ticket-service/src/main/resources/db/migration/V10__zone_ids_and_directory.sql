-- Zones are identified by id (docs/api.md "Who sees what"): a renamed zone keeps its tickets in the same scope. Tables
-- only here; the functions, policies and triggers that use them are the repeatable migrations R__scope.sql and
-- R__search.sql (Flyway runs those after every versioned one, whenever their text changes).

-- The zone of a ticket by id; "zone" stays as the name shown (kept up to date when the zone is renamed). Tickets of
-- the previous release have no id yet: it is filled from the directory below by name (R__scope.sql).
ALTER TABLE tickets ADD COLUMN zone_id INTEGER;
CREATE INDEX idx_tickets_zone_id ON tickets (zone_id, id);
CREATE INDEX idx_tickets_status_zone_id_date ON tickets (status, zone_id, created_at);

-- The directory: ticket-service's copy of team-service's zones and teams (a read model, filled from team-service's
-- API at first start and kept current by its events; io.aiff.ticket.events.DirectoryConsumer). Rows carry
-- team-service's version, so an event and a fill arriving in either order leave the newest state.
CREATE TABLE zones (
    id            INTEGER      PRIMARY KEY,
    name          VARCHAR(100) NOT NULL,
    centre        POINT,
    coverage_area POLYGON,
    version       INTEGER      NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX zones_name ON zones (name);

CREATE TABLE teams (
    id         INTEGER      PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    is_active  BOOLEAN      NOT NULL,
    status     VARCHAR(20)  NOT NULL,
    version    INTEGER      NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE team_zones (
    team_id    INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    zone_id    INTEGER NOT NULL,
    is_primary BOOLEAN NOT NULL,
    PRIMARY KEY (team_id, zone_id)
);
CREATE INDEX team_zones_zone ON team_zones (zone_id);

-- The event consumer's bookkeeping (aiff-common-db StreamConsumer): whether its directory was filled, and the ids of
-- the events it applied (so a repeated delivery changes nothing), kept as long as the stream keeps events.
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

-- The search copy scopes by zone id too, and its typo vocabulary is kept per zone id.
ALTER TABLE search.tickets ADD COLUMN zone_id INTEGER;
CREATE TABLE search.zone_words (
    zone_id INTEGER NOT NULL,
    word    TEXT    NOT NULL,
    PRIMARY KEY (zone_id, word)
);
CREATE INDEX search_zone_words_trgm ON search.zone_words USING gin (word gin_trgm_ops) WITH (fastupdate = off);
