-- Runs after every Flyway migration of every service, as the database owner. The service's pool connects as the
-- app role, which owns nothing: it may read and write rows (row-level security still applies to it) but cannot
-- change the schema or the migration history.
-- Replicas starting together run this at once, outside Flyway's own lock; concurrent GRANTs on one table can fail
-- with "tuple concurrently updated", so take turns (the lock ends with this callback's transaction).
SELECT pg_advisory_xact_lock(727365);
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app_role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app_role};
REVOKE ALL ON TABLE flyway_schema_history FROM ${app_role};

-- A named restore point before a retention run or a maintenance run (kind retention | maintain), when WAL archiving is
-- on and the owner may create one (pg_create_restore_point is superuser-only unless granted: ./aiff pitr enable grants
-- it to the owner roles, on Kubernetes the operator's post-init SQL). The name is made here, never taken from the
-- caller: aiff-<kind>-<database>-<UTC time>, so nobody can plant a decoy name a recovery would stop at. Answers the
-- name, or null when no point was made. Runs as the owner.
-- (Its parameter keeps the name of the first release's, "label": CREATE OR REPLACE cannot rename it.)
CREATE OR REPLACE FUNCTION aiff_restore_point(label TEXT) RETURNS TEXT LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog AS $$
DECLARE
    name TEXT;
BEGIN
    IF label IS NULL OR label NOT IN ('retention', 'maintain') THEN
        RAISE EXCEPTION 'restore points are made before retention or maintenance runs only' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF current_setting('archive_mode') = 'off' OR pg_is_in_recovery()
       OR NOT has_function_privilege('pg_create_restore_point(text)', 'EXECUTE') THEN
        RETURN NULL;
    END IF;
    name := 'aiff-' || label || '-' || current_database() || '-' || to_char(now() AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"');
    PERFORM pg_create_restore_point(name);
    RETURN name;
END $$;
REVOKE ALL ON FUNCTION aiff_restore_point(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aiff_restore_point(TEXT) TO ${app_role};

-- For operators (the owner, the backup role): the original model's monitoring views, in schema ops, which the app
-- role cannot reach. Column statistics leave out most_common_vals: they would show customer data (names, numbers).
CREATE SCHEMA IF NOT EXISTS ops;
REVOKE ALL ON SCHEMA ops FROM PUBLIC;
DROP VIEW IF EXISTS ops.table_sizes;
DROP VIEW IF EXISTS ops.database_stats;
CREATE VIEW ops.table_sizes WITH (security_invoker = true) AS
    SELECT n.nspname AS schemaname, c.relname AS tablename, pg_size_pretty(pg_total_relation_size(c.oid)) AS size,
           pg_total_relation_size(c.oid) AS size_bytes, pg_indexes_size(c.oid) AS index_bytes,
           s.n_live_tup AS live_rows, s.n_dead_tup AS dead_rows, s.last_autovacuum, s.last_autoanalyze
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid
    WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
    ORDER BY pg_total_relation_size(c.oid) DESC;
CREATE VIEW ops.database_stats WITH (security_invoker = true) AS
    SELECT schemaname, tablename, attname, null_frac, avg_width, n_distinct, correlation
    FROM pg_stats WHERE schemaname NOT IN ('pg_catalog', 'information_schema');
