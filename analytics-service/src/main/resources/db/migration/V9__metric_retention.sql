-- Retention of metric rows (docs/api.md "Data lifecycle"; analytics-service README): daily metric rows older than
-- aiff.analytics.retention (two years) go, after their months are kept as monthly rollups (metadata rollup monthly,
-- exact: from the day sums, not from the daily rows). The KPIs a rollup writes are one list, history.kpis, for the
-- daily rollup (refresh_daily, as in V7 with the list moved out) and the monthly one.

CREATE FUNCTION history.kpis(created FLOAT8, resolved FLOAT8, resolve_minutes FLOAT8, resolve_count FLOAT8, met FLOAT8,
                             breached FLOAT8, first_time_fixed FLOAT8, rating_sum FLOAT8, rated FLOAT8)
    RETURNS TABLE (name TEXT, type TEXT, value NUMERIC, unit TEXT) LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp AS $$
    SELECT m.name, m.type, m.value, m.unit FROM (VALUES
        ('tickets_created', 'performance', created::numeric, 'count'),
        ('tickets_resolved', 'performance', resolved::numeric, 'count'),
        ('mean_time_to_resolve', 'efficiency', round((resolve_minutes / nullif(resolve_count, 0))::numeric, 2), 'minutes'),
        ('resolution_sla_compliance', 'performance', round((100.0 * met / nullif(met + breached, 0))::numeric, 2), 'percentage'),
        ('first_time_fix_rate', 'efficiency', round((100.0 * first_time_fixed / nullif(resolved, 0))::numeric, 2), 'percentage'),
        ('customer_rating', 'satisfaction', round((rating_sum / nullif(rated, 0))::numeric, 2), 'rating')
    ) AS m (name, type, value, unit)
    WHERE m.value IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION history.refresh_daily(tz TEXT, force BOOLEAN)
    RETURNS BOOLEAN LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
        FROM public.fact_days d
        WHERE d.generation = (SELECT current FROM public.facts_generation) AND d.team_id <> 0
          AND d.day >= rewrite_from AND d.day <= through GROUP BY d.day, d.team_id
        UNION ALL
        SELECT d.day, NULL, max(d.zone), d.zone_id, sum(d.resolved), sum(d.resolve_minutes), sum(d.resolve_count),
               sum(d.resolution_met), sum(d.resolution_breached), sum(d.rated), sum(d.rating_sum), sum(d.first_time_fixed),
               sum(d.created)
        FROM history.daily_performance_metrics d
        WHERE d.day >= rewrite_from AND d.day <= through GROUP BY d.day, d.zone_id
    ) k
    CROSS JOIN LATERAL history.kpis(k.created, k.resolved, k.rm, k.rc, k.met, k.breached, k.ftf, k.rating_sum, k.rated) m;
    UPDATE history.settings SET refreshed_at = now(), refreshed_through = through;
    RETURN TRUE;
END
$$;

-- The monthly rollups of every month before "before" (a first of a month) not rolled up yet: per team and per zone,
-- as the daily rollup, from the current generation's day sums. Answers how many metric rows it wrote.
CREATE FUNCTION history.rollup_months(tz TEXT, before DATE) RETURNS INTEGER LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    written INTEGER;
BEGIN
    INSERT INTO public.analytics (metric_name, metric_type, metric_value, metric_unit, team_id, zone, date_recorded,
                                  period_start, period_end, metadata, confidence_score, data_source)
    SELECT m.name, m.type, m.value, m.unit, k.team_id, k.zone, now(), k.month::timestamp AT TIME ZONE tz,
           (k.month + interval '1 month')::timestamp AT TIME ZONE tz,
           jsonb_build_object('rollup', 'monthly', 'month', to_char(k.month, 'YYYY-MM'), 'zone_id', k.zone_id), 1.00, 'system'
    FROM (
        SELECT date_trunc('month', d.day)::date AS month, d.team_id, NULL::text AS zone, NULL::int AS zone_id,
               sum(d.created) AS created, sum(d.resolved) AS resolved, sum(d.resolve_minutes) AS rm,
               sum(d.resolve_count) AS rc, sum(d.resolution_met) AS met, sum(d.resolution_breached) AS breached,
               sum(d.first_time_fixed) AS ftf, sum(d.rating_sum) AS rating_sum, sum(d.rated) AS rated
        FROM public.fact_days d
        WHERE d.generation = (SELECT current FROM public.facts_generation) AND d.team_id <> 0 AND d.day < before
        GROUP BY 1, d.team_id
        UNION ALL
        SELECT date_trunc('month', d.day)::date, NULL, max(d.zone), d.zone_id, sum(d.created), sum(d.resolved),
               sum(d.resolve_minutes), sum(d.resolve_count), sum(d.resolution_met), sum(d.resolution_breached),
               sum(d.first_time_fixed), sum(d.rating_sum), sum(d.rated)
        FROM public.fact_days d
        WHERE d.generation = (SELECT current FROM public.facts_generation) AND d.zone_id <> 0 AND d.day < before
        GROUP BY 1, d.zone_id
    ) k
    CROSS JOIN LATERAL history.kpis(k.created, k.resolved, k.rm, k.rc, k.met, k.breached, k.ftf, k.rating_sum, k.rated) m
    WHERE NOT EXISTS (SELECT FROM public.analytics a WHERE a.data_source = 'system'
                        AND a.metadata ->> 'rollup' = 'monthly' AND a.metadata ->> 'month' = to_char(k.month, 'YYYY-MM'));
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;
REVOKE ALL ON FUNCTION history.rollup_months(TEXT, DATE) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION history.rollup_months(TEXT, DATE) TO ${app_role};
CREATE INDEX analytics_rollup_period ON analytics (period_start) WHERE data_source = 'system';

-- When the daily history was last refreshed (the metric of its age; the app role cannot read history.settings).
CREATE FUNCTION history.refreshed_at() RETURNS TIMESTAMPTZ LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
    SELECT refreshed_at FROM history.settings
$$;
REVOKE ALL ON FUNCTION history.refreshed_at() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION history.refreshed_at() TO ${app_role};

-- One row per day a retention run started (io.aiff.common.db.retention.Retention): once per cluster and day.
CREATE TABLE retention_runs (
    run_day      DATE         PRIMARY KEY,
    started_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    heartbeat_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ,
    counts       JSONB        NOT NULL DEFAULT '{}'
);
