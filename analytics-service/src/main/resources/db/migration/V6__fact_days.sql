-- The live numbers summed per generation, zone, team and day (team 0 or zone 0: none), kept exact by the writer
-- (io.aiff.analytics.service.FactsWriter): every batch subtracts what its tickets and assignments contributed before
-- and adds what they contribute now, in its own transaction. A period's numbers are then sums over its days (a year
-- is some hundreds of rows per team or zone) instead of aggregates over every ticket. Days are cut in the deployment's
-- time zone (${time_zone} when this ran; changing AIFF_ANALYTICS_TIME_ZONE needs a rebuild, which cuts them anew).
-- Every measure is a double precision sum (counts are exact far beyond any count here).
CREATE TABLE fact_days (
    generation         INTEGER          NOT NULL,
    zone_id            INTEGER          NOT NULL,
    team_id            INTEGER          NOT NULL,
    day                DATE             NOT NULL,
    zone               VARCHAR(100),
    created            DOUBLE PRECISION NOT NULL DEFAULT 0,
    resolved           DOUBLE PRECISION NOT NULL DEFAULT 0,
    resolve_minutes    DOUBLE PRECISION NOT NULL DEFAULT 0,
    resolve_count      DOUBLE PRECISION NOT NULL DEFAULT 0,
    resolution_met     DOUBLE PRECISION NOT NULL DEFAULT 0,
    resolution_breached DOUBLE PRECISION NOT NULL DEFAULT 0,
    first_time_fixed   DOUBLE PRECISION NOT NULL DEFAULT 0,
    reopened           DOUBLE PRECISION NOT NULL DEFAULT 0,
    rated              DOUBLE PRECISION NOT NULL DEFAULT 0,
    rating_sum         DOUBLE PRECISION NOT NULL DEFAULT 0,
    satisfied          DOUBLE PRECISION NOT NULL DEFAULT 0,
    worked_spent       DOUBLE PRECISION NOT NULL DEFAULT 0,
    worked_minutes     DOUBLE PRECISION NOT NULL DEFAULT 0,
    closed             DOUBLE PRECISION NOT NULL DEFAULT 0,
    responded          DOUBLE PRECISION NOT NULL DEFAULT 0,
    respond_minutes    DOUBLE PRECISION NOT NULL DEFAULT 0,
    respond_count      DOUBLE PRECISION NOT NULL DEFAULT 0,
    response_met       DOUBLE PRECISION NOT NULL DEFAULT 0,
    response_breached  DOUBLE PRECISION NOT NULL DEFAULT 0,
    assigned           DOUBLE PRECISION NOT NULL DEFAULT 0,
    assigned_completed DOUBLE PRECISION NOT NULL DEFAULT 0,
    spent_sum          DOUBLE PRECISION NOT NULL DEFAULT 0,
    spent_count        DOUBLE PRECISION NOT NULL DEFAULT 0,
    quality_sum        DOUBLE PRECISION NOT NULL DEFAULT 0,
    quality_count      DOUBLE PRECISION NOT NULL DEFAULT 0,
    PRIMARY KEY (generation, zone_id, team_id, day)
);
CREATE INDEX idx_fact_days_team ON fact_days (generation, team_id, day);
-- Assignments held now, per team and zone (the only number besides the backlog that is not a sum over days).
CREATE INDEX idx_assignment_facts_active ON assignment_facts (generation, team_id, zone_id) WHERE status IN ('assigned', 'in_progress');

-- What the given tickets and assignments of a generation contribute, per zone, team and day in time zone tz: a
-- ticket by the day it was created, first answered, resolved (with its assignment's reported time: efficiency) and
-- closed; an assignment by the day it was assigned and the day it was completed. The definitions are the README's.
CREATE FUNCTION rollup_of(gen INTEGER, tz TEXT, tickets INTEGER[], assignments INTEGER[])
    RETURNS TABLE (zone_id INTEGER, team_id INTEGER, day DATE, zone VARCHAR, created DOUBLE PRECISION, resolved DOUBLE PRECISION,
                   resolve_minutes DOUBLE PRECISION, resolve_count DOUBLE PRECISION, resolution_met DOUBLE PRECISION,
                   resolution_breached DOUBLE PRECISION, first_time_fixed DOUBLE PRECISION, reopened DOUBLE PRECISION,
                   rated DOUBLE PRECISION, rating_sum DOUBLE PRECISION, satisfied DOUBLE PRECISION, worked_spent DOUBLE PRECISION,
                   worked_minutes DOUBLE PRECISION, closed DOUBLE PRECISION, responded DOUBLE PRECISION,
                   respond_minutes DOUBLE PRECISION, respond_count DOUBLE PRECISION, response_met DOUBLE PRECISION,
                   response_breached DOUBLE PRECISION, assigned DOUBLE PRECISION, assigned_completed DOUBLE PRECISION,
                   spent_sum DOUBLE PRECISION, spent_count DOUBLE PRECISION, quality_sum DOUBLE PRECISION,
                   quality_count DOUBLE PRECISION)
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(x.zone_id, 0), coalesce(x.team_id, 0), x.day, max(x.zone)::varchar,
           sum(x.c)::float8, sum(x.r)::float8, coalesce(sum(x.rm), 0)::float8, count(x.rm)::float8, sum(x.rmet)::float8,
           sum(x.rbr)::float8, sum(x.ftf)::float8, sum(x.reo)::float8, count(x.rating)::float8,
           coalesce(sum(x.rating), 0)::float8, (count(*) FILTER (WHERE x.rating >= 4))::float8, coalesce(sum(x.ws), 0)::float8,
           coalesce(sum(x.wm), 0)::float8, sum(x.cl)::float8, sum(x.resp)::float8, coalesce(sum(x.pm), 0)::float8,
           count(x.pm)::float8, sum(x.pmet)::float8, sum(x.pbr)::float8, sum(x.asg)::float8, sum(x.asgc)::float8,
           coalesce(sum(x.spent), 0)::float8, count(x.spent)::float8, coalesce(sum(x.q), 0)::float8, count(x.q)::float8
    FROM (
        SELECT f.zone_id, f.team_id, (f.created_at AT TIME ZONE tz)::date AS day, f.zone, 1 AS c, 0 AS r,
               NULL::float8 AS rm, 0 AS rmet, 0 AS rbr, 0 AS ftf, 0 AS reo, NULL::int AS rating, NULL::float8 AS ws,
               NULL::float8 AS wm, 0 AS cl, 0 AS resp, NULL::float8 AS pm, 0 AS pmet, 0 AS pbr, 0 AS asg, 0 AS asgc,
               NULL::float8 AS spent, NULL::float8 AS q
        FROM ticket_facts f WHERE f.generation = gen AND f.ticket_id = ANY(tickets) AND f.created_at IS NOT NULL
        UNION ALL
        SELECT f.zone_id, f.team_id, (f.resolved_at AT TIME ZONE tz)::date, f.zone, 0, 1,
               (date_part('epoch', f.resolved_at - f.created_at) - f.paused_seconds) / 60,
               (f.resolution_met IS TRUE)::int, (f.resolution_met IS FALSE)::int,
               (f.reopen_count = 0 AND f.reassignment_count = 0)::int, (f.reopen_count > 0)::int, f.rating,
               CASE WHEN f.created_at IS NOT NULL AND a.time_spent IS NOT NULL THEN a.time_spent::float8 END,
               CASE WHEN f.created_at IS NOT NULL AND a.time_spent IS NOT NULL
                    THEN (date_part('epoch', f.resolved_at - f.created_at) - f.paused_seconds) / 60 END,
               0, 0, NULL, 0, 0, 0, 0, NULL, NULL
        FROM ticket_facts f LEFT JOIN assignment_facts a ON a.generation = f.generation AND a.assignment_id = f.assignment_id
        WHERE f.generation = gen AND f.ticket_id = ANY(tickets) AND f.resolved_at IS NOT NULL
        UNION ALL
        SELECT f.zone_id, f.team_id, (f.closed_at AT TIME ZONE tz)::date, f.zone, 0, 0, NULL, 0, 0, 0, 0, NULL, NULL, NULL,
               1, 0, NULL, 0, 0, 0, 0, NULL, NULL
        FROM ticket_facts f WHERE f.generation = gen AND f.ticket_id = ANY(tickets) AND f.closed_at IS NOT NULL
        UNION ALL
        SELECT f.zone_id, f.team_id, (f.first_response_at AT TIME ZONE tz)::date, f.zone, 0, 0, NULL, 0, 0, 0, 0, NULL, NULL,
               NULL, 0, 1, date_part('epoch', f.first_response_at - f.created_at) / 60, (f.response_met IS TRUE)::int,
               (f.response_met IS FALSE)::int, 0, 0, NULL, NULL
        FROM ticket_facts f WHERE f.generation = gen AND f.ticket_id = ANY(tickets) AND f.first_response_at IS NOT NULL
        UNION ALL
        SELECT a.zone_id, a.team_id, (a.assigned_at AT TIME ZONE tz)::date, NULL, 0, 0, NULL, 0, 0, 0, 0, NULL, NULL, NULL,
               0, 0, NULL, 0, 0, 1, (a.status = 'completed')::int, NULL, NULL
        FROM assignment_facts a WHERE a.generation = gen AND a.assignment_id = ANY(assignments) AND a.assigned_at IS NOT NULL
        UNION ALL
        SELECT a.zone_id, a.team_id, (a.completed_at AT TIME ZONE tz)::date, NULL, 0, 0, NULL, 0, 0, 0, 0, NULL, NULL, NULL,
               0, 0, NULL, 0, 0, 0, 0, a.time_spent::float8, a.quality_score::float8
        FROM assignment_facts a WHERE a.generation = gen AND a.assignment_id = ANY(assignments) AND a.completed_at IS NOT NULL
    ) x
    GROUP BY 1, 2, 3
$$;

-- What the facts written so far contribute.
INSERT INTO fact_days
SELECT g.generation, r.*
FROM (SELECT current AS generation FROM facts_generation UNION SELECT building FROM facts_generation WHERE building IS NOT NULL) g,
     rollup_of(g.generation, '${time_zone}',
               (SELECT coalesce(array_agg(ticket_id), '{}') FROM ticket_facts WHERE generation = g.generation),
               (SELECT coalesce(array_agg(assignment_id), '{}') FROM assignment_facts WHERE generation = g.generation)) r;
ANALYZE fact_days;
