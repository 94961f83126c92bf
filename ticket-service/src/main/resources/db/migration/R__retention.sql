-- Retention as it stands (tables in V16): when a ticket became final, the views that read live and archived tickets
-- together, and the move itself. The archive's row-level security is in R__scope.sql with every other policy.

-- finished_at: when the ticket reached closed or cancelled (final states: it never changes after).
CREATE OR REPLACE FUNCTION aiff_ticket_finished() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IN ('closed', 'cancelled') AND NEW.finished_at IS NULL THEN
        NEW.finished_at := now();
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS tickets_finished ON tickets;
CREATE TRIGGER tickets_finished BEFORE INSERT OR UPDATE OF status ON tickets
    FOR EACH ROW EXECUTE FUNCTION aiff_ticket_finished();

-- The columns of a live table, quoted and in order: the archive is written and read by column name, never by
-- position (a column added to a live table later is added to its archive table in the same migration; MigrationTest
-- compares them by name).
CREATE OR REPLACE FUNCTION archive.live_columns(rel REGCLASS) RETURNS TEXT LANGUAGE sql STABLE
    SET search_path = pg_catalog AS $$
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
    WHERE attrelid = rel AND attnum > 0 AND NOT attisdropped
$$;

-- Live and archived together, read with the caller's own rights (security_invoker: the policies of both apply).
-- archived_at is null for a live ticket. Made again whenever this file runs (after every versioned migration that
-- changes it), from the live tables' columns.
DROP VIEW IF EXISTS archive.all_tickets;
DROP VIEW IF EXISTS archive.all_ticket_status_events;
DROP VIEW IF EXISTS archive.all_assignments;
DO $$
DECLARE
    tickets TEXT := archive.live_columns('public.tickets');
    events TEXT := archive.live_columns('public.ticket_status_events');
    work TEXT := archive.live_columns('public.assignments');
BEGIN
    EXECUTE format('CREATE VIEW archive.all_tickets WITH (security_invoker = true) AS SELECT %1$s, NULL::timestamptz AS archived_at '
        'FROM public.tickets UNION ALL SELECT %1$s, archived_at FROM archive.tickets', tickets);
    EXECUTE format('CREATE VIEW archive.all_ticket_status_events WITH (security_invoker = true) AS SELECT %1$s '
        'FROM public.ticket_status_events UNION ALL SELECT %1$s FROM archive.ticket_status_events', events);
    EXECUTE format('CREATE VIEW archive.all_assignments WITH (security_invoker = true) AS SELECT %1$s '
        'FROM public.assignments UNION ALL SELECT %1$s FROM archive.assignments', work);
END $$;
GRANT SELECT ON archive.all_tickets, archive.all_ticket_status_events, archive.all_assignments TO ${app_role};

-- Moves up to batch_size tickets due before cutoff, with their history and assignments, into the archive in the
-- caller's transaction; answers how many moved. Each row's state is checked again as it is locked (a ticket put on
-- hold since it was picked stays); rows another transaction holds are skipped (the run asks again until a batch finds
-- none). History and assignments move by DELETE ... RETURNING, so the archive holds exactly what was deleted even if
-- an assignment changed meanwhile. Deleting the live rows writes the change log's tombstones with kind archive
-- (R__sync.sql reads aiff.archiving), and the search copy goes with its ticket. Runs with the caller's rights: only
-- the system actor may write the archive and delete tickets.
CREATE OR REPLACE FUNCTION archive.archive_tickets(cutoff TIMESTAMPTZ, batch_size INTEGER) RETURNS INTEGER
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    ids INTEGER[];
BEGIN
    IF aiff_actor() <> 'system' THEN
        RAISE EXCEPTION 'only the system actor archives tickets' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT array_agg(id) INTO ids FROM (
        SELECT t.id FROM public.tickets t
        WHERE t.status IN ('closed', 'cancelled') AND NOT t.legal_hold AND t.finished_at < cutoff
        ORDER BY t.finished_at LIMIT batch_size FOR UPDATE SKIP LOCKED) picked;
    IF ids IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM set_config('aiff.archiving', 'on', true);
    EXECUTE format('INSERT INTO archive.tickets (%1$s, archived_at) SELECT %1$s, now() FROM public.tickets WHERE id = ANY ($1)',
        archive.live_columns('public.tickets')) USING ids;
    EXECUTE format('WITH moved AS (DELETE FROM public.ticket_status_events WHERE ticket_id = ANY ($1) RETURNING %1$s) '
        'INSERT INTO archive.ticket_status_events (%1$s) SELECT %1$s FROM moved',
        archive.live_columns('public.ticket_status_events')) USING ids;
    EXECUTE format('WITH moved AS (DELETE FROM public.assignments WHERE ticket_id = ANY ($1) RETURNING %1$s) '
        'INSERT INTO archive.assignments (%1$s) SELECT %1$s FROM moved', archive.live_columns('public.assignments')) USING ids;
    DELETE FROM public.tickets WHERE id = ANY (ids);
    PERFORM set_config('aiff.archiving', '', true);
    RETURN cardinality(ids);
END $$;
REVOKE ALL ON FUNCTION archive.archive_tickets(TIMESTAMPTZ, INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION archive.archive_tickets(TIMESTAMPTZ, INTEGER) TO ${app_role};
