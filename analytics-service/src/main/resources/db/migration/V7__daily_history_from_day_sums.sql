-- The daily history from the day sums (fact_days, V6) instead of from every ticket: per zone and day (the original
-- model's grain), in zone and day order, so that a zone's year is a few hundred neighbouring rows and a refresh reads
-- some hundred thousand sums rather than a million facts. Days are fact_days' (the deployment's time zone). The team
-- metric rows of the rollup come from fact_days directly (exact, per team), the zone rows from the view.
DROP MATERIALIZED VIEW history.daily_performance_metrics;
CREATE MATERIALIZED VIEW history.daily_performance_metrics AS
    SELECT d.zone_id, d.day, max(d.zone)::varchar AS zone,
           sum(d.created) AS created,
           sum(d.resolved) AS resolved,
           sum(d.resolve_minutes) AS resolve_minutes,
           sum(d.resolve_count) AS resolve_count,
           sum(d.resolution_met) AS resolution_met,
           sum(d.resolution_breached) AS resolution_breached,
           sum(d.first_time_fixed) AS first_time_fixed,
           sum(d.reopened) AS reopened,
           sum(d.rated) AS rated,
           sum(d.rating_sum) AS rating_sum,
           sum(d.satisfied) AS satisfied,
           sum(d.closed) AS closed,
           sum(d.responded) AS responded,
           sum(d.respond_minutes) AS respond_minutes,
           sum(d.respond_count) AS respond_count,
           sum(d.response_met) AS response_met,
           sum(d.response_breached) AS response_breached
    FROM public.fact_days d
    WHERE d.generation = (SELECT current FROM public.facts_generation) AND d.zone_id <> 0
    GROUP BY d.zone_id, d.day
    ORDER BY d.zone_id, d.day;
CREATE UNIQUE INDEX daily_performance_metrics_key ON history.daily_performance_metrics (zone_id, day);

DROP FUNCTION history.daily(BOOLEAN, INTEGER[], TEXT[], DATE, DATE, INTEGER, TEXT);
-- Per zone and day from the view, in the caller's reach (everything, zone ids, or zone names of a legacy token),
-- first_day..last_day (up to refreshed_through), one zone or all. One statement per case, so that each uses the index.
CREATE FUNCTION history.daily(everything BOOLEAN, zone_ids INTEGER[], zone_names TEXT[], first_day DATE, last_day DATE,
                              one_zone INTEGER, tz TEXT)
    RETURNS TABLE (day DATE, zone_id INTEGER, zone TEXT, created DOUBLE PRECISION, resolved DOUBLE PRECISION,
                   closed DOUBLE PRECISION, resolve_minutes DOUBLE PRECISION, resolve_count DOUBLE PRECISION,
                   resolution_met DOUBLE PRECISION, resolution_breached DOUBLE PRECISION)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    through DATE := least(last_day, history.refreshed_through(tz));
BEGIN
    IF through IS NULL OR through < first_day THEN
        RETURN;
    END IF;
    IF one_zone IS NOT NULL THEN
        RETURN QUERY SELECT d.day, d.zone_id, d.zone::text, d.created, d.resolved, d.closed, d.resolve_minutes,
                            d.resolve_count, d.resolution_met, d.resolution_breached
            FROM history.daily_performance_metrics d
            WHERE d.zone_id = one_zone AND d.day >= first_day AND d.day <= through
              AND (everything OR d.zone_id = ANY(zone_ids) OR d.zone = ANY(zone_names));
    ELSE
        RETURN QUERY SELECT d.day, d.zone_id, d.zone::text, d.created, d.resolved, d.closed, d.resolve_minutes,
                            d.resolve_count, d.resolution_met, d.resolution_breached
            FROM history.daily_performance_metrics d
            WHERE d.day >= first_day AND d.day <= through
              AND (everything OR d.zone_id = ANY(zone_ids) OR d.zone = ANY(zone_names));
    END IF;
END
$$;
REVOKE ALL ON FUNCTION history.daily(BOOLEAN, INTEGER[], TEXT[], DATE, DATE, INTEGER, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION history.daily(BOOLEAN, INTEGER[], TEXT[], DATE, DATE, INTEGER, TEXT) TO ${app_role};

CREATE OR REPLACE FUNCTION history.refresh_daily(tz TEXT, force BOOLEAN)
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
    CROSS JOIN LATERAL (VALUES
        ('tickets_created', 'performance', k.created::numeric, 'count'),
        ('tickets_resolved', 'performance', k.resolved::numeric, 'count'),
        ('mean_time_to_resolve', 'efficiency', round((k.rm / nullif(k.rc, 0))::numeric, 2), 'minutes'),
        ('resolution_sla_compliance', 'performance', round((100.0 * k.met / nullif(k.met + k.breached, 0))::numeric, 2), 'percentage'),
        ('first_time_fix_rate', 'efficiency', round((100.0 * k.ftf / nullif(k.resolved, 0))::numeric, 2), 'percentage'),
        ('customer_rating', 'satisfaction', round((k.rating_sum / nullif(k.rated, 0))::numeric, 2), 'rating')
    ) AS m (name, type, value, unit)
    WHERE m.value IS NOT NULL;
    UPDATE history.settings SET refreshed_at = now(), refreshed_through = through;
    RETURN TRUE;
END
$$;
