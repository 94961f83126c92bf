-- Runs after every Flyway migration of every service, as the database owner. The service's pool connects as the
-- app role, which owns nothing: it may read and write rows (row-level security still applies to it) but cannot
-- change the schema or the migration history.
-- Replicas starting together run this at once, outside Flyway's own lock; concurrent GRANTs on one table can fail
-- with "tuple concurrently updated", so take turns (the lock ends with this callback's transaction).
SELECT pg_advisory_xact_lock(727365);
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app_role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app_role};
REVOKE ALL ON TABLE flyway_schema_history FROM ${app_role};
