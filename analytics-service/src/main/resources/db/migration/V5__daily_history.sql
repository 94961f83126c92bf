-- The original model's daily_performance_metrics: a materialized view of the facts per day, zone and team, in schema
-- "history", which the app role cannot read: a materialized view carries no row-level security, so the app role
-- reads it only through history.daily(), which applies the caller's reach (the service answers the days after
-- history.refreshed_through() from the live facts), and refreshes it only through history.refresh_daily() (the owner's; once per cluster after midnight and
-- after a rebuild: io.aiff.analytics.service.DailyHistory). Days are cut in the deployment's time zone, which the
-- refresh records in history.settings.
CREATE SCHEMA history;
REVOKE ALL ON SCHEMA history FROM PUBLIC;

CREATE TABLE history.settings (
    only_row          BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    time_zone         TEXT    NOT NULL DEFAULT 'UTC',
    refreshed_at      TIMESTAMPTZ,
    -- The last day the view answers for: two days before the refresh's (offline work arrives up to 24 h late, so
    -- yesterday and today come from the live facts).
    refreshed_through DATE
);
INSERT INTO history.settings DEFAULT VALUES;

-- What each day, zone and team contributes (team 0: none; zone 0: none), as sums, so that weeks and months add up.
CREATE MATERIALIZED VIEW history.daily_performance_metrics AS
    WITH s AS (SELECT time_zone AS tz FROM history.settings),
    g AS (SELECT current FROM public.facts_generation),
    x AS (
        SELECT (f.created_at AT TIME ZONE s.tz)::date AS day, f.zone_id, f.team_id, f.zone, 1 AS created, 0 AS resolved,
               0 AS closed, NULL::float8 AS resolve_minutes, 0 AS res_met, 0 AS res_breached, 0 AS responded,
               NULL::float8 AS respond_minutes, 0 AS resp_met, 0 AS resp_breached, NULL::int AS rating, 0 AS ftf, 0 AS reopened
        FROM public.ticket_facts f, s WHERE f.generation = (SELECT current FROM g) AND f.created_at IS NOT NULL
        UNION ALL
        SELECT (f.resolved_at AT TIME ZONE s.tz)::date, f.zone_id, f.team_id, f.zone, 0, 1, 0,
               (date_part('epoch', f.resolved_at - f.created_at) - f.paused_seconds) / 60,
               (f.resolution_met IS TRUE)::int, (f.resolution_met IS FALSE)::int, 0, NULL, 0, 0, f.rating,
               (f.reopen_count = 0 AND f.reassignment_count = 0)::int, (f.reopen_count > 0)::int
        FROM public.ticket_facts f, s WHERE f.generation = (SELECT current FROM g) AND f.resolved_at IS NOT NULL
        UNION ALL
        SELECT (f.closed_at AT TIME ZONE s.tz)::date, f.zone_id, f.team_id, f.zone, 0, 0, 1, NULL, 0, 0, 0, NULL, 0, 0, NULL, 0, 0
        FROM public.ticket_facts f, s WHERE f.generation = (SELECT current FROM g) AND f.closed_at IS NOT NULL
        UNION ALL
        SELECT (f.first_response_at AT TIME ZONE s.tz)::date, f.zone_id, f.team_id, f.zone, 0, 0, 0, NULL, 0, 0, 1,
               date_part('epoch', f.first_response_at - f.created_at) / 60, (f.response_met IS TRUE)::int,
               (f.response_met IS FALSE)::int, NULL, 0, 0
        FROM public.ticket_facts f, s WHERE f.generation = (SELECT current FROM g) AND f.first_response_at IS NOT NULL
    )
    SELECT day, coalesce(zone_id, 0) AS zone_id, coalesce(team_id, 0) AS team_id, max(zone) AS zone,
           sum(created) AS created, sum(resolved) AS resolved, sum(closed) AS closed,
           sum(resolve_minutes) AS resolve_minutes, count(resolve_minutes) AS resolve_count,
           sum(res_met) AS resolution_met, sum(res_breached) AS resolution_breached, sum(responded) AS responded,
           sum(respond_minutes) AS respond_minutes, sum(resp_met) AS response_met, sum(resp_breached) AS response_breached,
           count(rating) AS rated, coalesce(sum(rating), 0) AS rating_sum, count(*) FILTER (WHERE rating >= 4) AS satisfied,
           sum(ftf) AS first_time_fixed, sum(reopened) AS reopened
    FROM x GROUP BY 1, 2, 3;
CREATE UNIQUE INDEX daily_performance_metrics_key ON history.daily_performance_metrics (zone_id, day, team_id);
CREATE INDEX daily_performance_metrics_team ON history.daily_performance_metrics (team_id, day);

-- The last day the view answers for in time zone tz (null: none; the live facts answer every day).
CREATE FUNCTION history.refreshed_through(tz TEXT) RETURNS DATE
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT refreshed_through FROM history.settings WHERE time_zone = tz
$$;
REVOKE ALL ON FUNCTION history.refreshed_through(TEXT) FROM PUBLIC;

-- Per zone and day from the view, in the caller's reach (everything, zone ids, or zone names of a legacy token),
-- first_day..last_day (up to refreshed_through), one zone or all. One statement per case, so that each uses the index.
CREATE FUNCTION history.daily(everything BOOLEAN, zone_ids INTEGER[], zone_names TEXT[], first_day DATE, last_day DATE,
                              one_zone INTEGER, tz TEXT)
    RETURNS TABLE (day DATE, zone_id INTEGER, zone TEXT, created NUMERIC, resolved NUMERIC, closed NUMERIC,
                   resolve_minutes DOUBLE PRECISION, resolve_count NUMERIC, resolution_met NUMERIC, resolution_breached NUMERIC)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    through DATE := least(last_day, history.refreshed_through(tz));
BEGIN
    IF through IS NULL OR through < first_day THEN
        RETURN;
    END IF;
    IF one_zone IS NOT NULL THEN
        RETURN QUERY SELECT d.day, d.zone_id, max(d.zone)::text, sum(d.created), sum(d.resolved), sum(d.closed),
                            sum(d.resolve_minutes), sum(d.resolve_count), sum(d.resolution_met), sum(d.resolution_breached)
            FROM history.daily_performance_metrics d
            WHERE d.zone_id = one_zone AND d.day >= first_day AND d.day <= through
              AND (everything OR d.zone_id = ANY(zone_ids) OR d.zone = ANY(zone_names))
            GROUP BY d.day, d.zone_id;
    ELSE
        RETURN QUERY SELECT d.day, d.zone_id, max(d.zone)::text, sum(d.created), sum(d.resolved), sum(d.closed),
                            sum(d.resolve_minutes), sum(d.resolve_count), sum(d.resolution_met), sum(d.resolution_breached)
            FROM history.daily_performance_metrics d
            WHERE d.zone_id <> 0 AND d.day >= first_day AND d.day <= through
              AND (everything OR d.zone_id = ANY(zone_ids) OR d.zone = ANY(zone_names))
            GROUP BY d.day, d.zone_id;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION history.daily(BOOLEAN, INTEGER[], TEXT[], DATE, DATE, INTEGER, TEXT) FROM PUBLIC;

-- Refreshes the view (CONCURRENTLY: readers never wait) in time zone tz, unless it was refreshed today already there
-- (force: after a rebuild, or a new time zone), and writes the daily rollup as metric rows of the analytics table
-- (data_source 'system'): the days the view newly answers for and the two before them, or every day after a rebuild.
-- Answers whether it refreshed.
CREATE FUNCTION history.refresh_daily(tz TEXT, force BOOLEAN)
    RETURNS BOOLEAN LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    s          history.settings;
    through    DATE := (now() AT TIME ZONE tz)::date - 2;
    rewrite_from DATE;
BEGIN
    SELECT * INTO s FROM history.settings FOR UPDATE;
    IF NOT force AND s.time_zone = tz AND s.refreshed_at IS NOT NULL
       AND (s.refreshed_at AT TIME ZONE tz)::date = (now() AT TIME ZONE tz)::date THEN
        RETURN FALSE;
    END IF;
    IF s.time_zone IS DISTINCT FROM tz THEN
        UPDATE history.settings SET time_zone = tz;
        force := TRUE;
    END IF;
    REFRESH MATERIALIZED VIEW CONCURRENTLY history.daily_performance_metrics;
    rewrite_from := CASE WHEN force OR s.refreshed_through IS NULL THEN '-infinity'::date
                         ELSE least(s.refreshed_through + 1, through - 1) END;
    DELETE FROM public.analytics WHERE data_source = 'system' AND metadata ->> 'rollup' = 'daily'
        AND period_start >= (rewrite_from::timestamp AT TIME ZONE tz);
    INSERT INTO public.analytics (metric_name, metric_type, metric_value, metric_unit, team_id, zone, date_recorded,
                                  period_start, period_end, metadata, confidence_score, data_source)
    SELECT m.name, m.type, m.value, m.unit, k.team_id, k.zone, now(), k.day::timestamp AT TIME ZONE tz,
           (k.day + 1)::timestamp AT TIME ZONE tz,
           jsonb_build_object('rollup', 'daily', 'day', k.day, 'zone_id', k.zone_id), 1.00, 'system'
    FROM (
        -- per team (across its zones) and per zone (across its teams)
        SELECT d.day, d.team_id, NULL::text AS zone, NULL::int AS zone_id, sum(d.resolved) AS resolved,
               sum(d.resolve_minutes) AS rm, sum(d.resolve_count) AS rc, sum(d.resolution_met) AS met,
               sum(d.resolution_breached) AS breached, sum(d.rated) AS rated, sum(d.rating_sum) AS rating_sum,
               sum(d.first_time_fixed) AS ftf, sum(d.created) AS created
        FROM history.daily_performance_metrics d
        WHERE d.team_id <> 0 AND d.day >= rewrite_from AND d.day <= through GROUP BY d.day, d.team_id
        UNION ALL
        SELECT d.day, NULL, max(d.zone), d.zone_id, sum(d.resolved), sum(d.resolve_minutes), sum(d.resolve_count),
               sum(d.resolution_met), sum(d.resolution_breached), sum(d.rated), sum(d.rating_sum), sum(d.first_time_fixed),
               sum(d.created)
        FROM history.daily_performance_metrics d
        WHERE d.zone_id <> 0 AND d.day >= rewrite_from AND d.day <= through GROUP BY d.day, d.zone_id
    ) k
    CROSS JOIN LATERAL (VALUES
        ('tickets_created', 'performance', k.created::numeric, 'count'),
        ('tickets_resolved', 'performance', k.resolved::numeric, 'count'),
        ('mean_time_to_resolve', 'efficiency', round((k.rm / nullif(k.rc, 0))::numeric, 2), 'minutes'),
        ('resolution_sla_compliance', 'performance', round(100.0 * k.met / nullif(k.met + k.breached, 0), 2), 'percentage'),
        ('first_time_fix_rate', 'efficiency', round(100.0 * k.ftf / nullif(k.resolved, 0), 2), 'percentage'),
        ('customer_rating', 'satisfaction', round(k.rating_sum::numeric / nullif(k.rated, 0), 2), 'rating')
    ) AS m (name, type, value, unit)
    WHERE m.value IS NOT NULL;
    UPDATE history.settings SET refreshed_at = now(), refreshed_through = through;
    RETURN TRUE;
END
$$;
REVOKE ALL ON FUNCTION history.refresh_daily(TEXT, BOOLEAN) FROM PUBLIC;

GRANT USAGE ON SCHEMA history TO ${app_role};
GRANT EXECUTE ON FUNCTION history.daily(BOOLEAN, INTEGER[], TEXT[], DATE, DATE, INTEGER, TEXT) TO ${app_role};
GRANT EXECUTE ON FUNCTION history.refreshed_through(TEXT) TO ${app_role};
GRANT EXECUTE ON FUNCTION history.refresh_daily(TEXT, BOOLEAN) TO ${app_role};
