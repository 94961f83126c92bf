-- Runs after every Flyway migration of every service, as the database owner. The service's pool connects as the
-- app role, which owns nothing: it may read and write rows (row-level security still applies to it) but cannot
-- change the schema or the migration history.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app_role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app_role};
REVOKE ALL ON TABLE flyway_schema_history FROM ${app_role};
