-- A month's rollup is written per team and per zone that has none yet (V9 skipped a whole month once any of its
-- rollups existed: a team or zone whose facts came later, after a rebuild, would never have been rolled up, and
-- its daily rows would still have been purged).
CREATE OR REPLACE FUNCTION history.rollup_months(tz TEXT, before DATE) RETURNS INTEGER LANGUAGE plpgsql
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
                        AND a.metadata ->> 'rollup' = 'monthly' AND a.metadata ->> 'month' = to_char(k.month, 'YYYY-MM')
                        AND a.team_id IS NOT DISTINCT FROM k.team_id
                        AND (a.metadata ->> 'zone_id')::int IS NOT DISTINCT FROM k.zone_id);
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;
