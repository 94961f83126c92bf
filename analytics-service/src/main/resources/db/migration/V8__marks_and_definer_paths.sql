-- A mark of a changed team or zone is taken by the publisher only after the transaction that made it commits: the
-- consumer updates an existing mark (a row lock the publisher's SKIP LOCKED passes by) instead of leaving it be.
ALTER TABLE summary_changes ADD COLUMN changed_at TIMESTAMPTZ NOT NULL DEFAULT now();

-- The owner's functions run with a search path no other role can add to (every name in them is qualified), and
-- no role but the owner creates objects in public (PostgreSQL 15's default, made explicit for older servers).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER FUNCTION history.refreshed_through(TEXT) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION history.daily(BOOLEAN, INTEGER[], TEXT[], DATE, DATE, INTEGER, TEXT) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION history.refresh_daily(TEXT, BOOLEAN) SET search_path = pg_catalog, pg_temp;
