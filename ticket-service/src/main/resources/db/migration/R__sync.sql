-- The change log behind offline sync (GET /api/sync; tables in V12), as it stands.
--
-- Every insert, delete and versioned update of a ticket writes one row of ticket_changes in the same transaction
-- (the trigger runs as the owner: the service's pool role cannot write the log itself). A reader takes
-- x = pg_snapshot_xmin(pg_current_snapshot()) — every transaction with a smaller id has ended — and returns the rows
-- after its cursor with txid < x, ordered by (txid, seq). A transaction still running when the reader looked has an
-- id ≥ x, so its rows come later, whenever it commits: nothing is skipped, whatever the commit order. A long
-- transaction delays the feed (until it ends), never loses from it.
--
-- Who reads a change: the read rule of the ticket (R__scope.sql), by the zone the ticket is in now or was in before
-- the change, so that a ticket leaving a caller's zones reaches it as a tombstone.

-- A row deleted by the retention run (archive.archive_tickets sets aiff.archiving) went to the archive: its tombstone
-- says so (reason archived); any other deletion is a deletion.
CREATE OR REPLACE FUNCTION aiff_deletion_kind() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN current_setting('aiff.archiving', true) = 'on' THEN 'archive' ELSE 'delete' END
$$;

CREATE OR REPLACE FUNCTION aiff_ticket_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO ticket_changes (ticket_id, kind, zone_id, old_zone_id, zone)
        VALUES (OLD.id, aiff_deletion_kind(), OLD.zone_id, OLD.zone_id, OLD.zone);
        RETURN OLD;
    END IF;
    INSERT INTO ticket_changes (ticket_id, kind, zone_id, old_zone_id, zone)
    VALUES (NEW.id, 'upsert', NEW.zone_id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.zone_id END, NEW.zone);
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION aiff_ticket_changed() FROM PUBLIC;

DROP TRIGGER IF EXISTS tickets_changed_insert ON tickets;
DROP TRIGGER IF EXISTS tickets_changed_update ON tickets;
DROP TRIGGER IF EXISTS tickets_changed_delete ON tickets;
CREATE TRIGGER tickets_changed_insert AFTER INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION aiff_ticket_changed();
-- Every change of what GET answers bumps the version (a contact re-encrypted under a new key does not).
CREATE TRIGGER tickets_changed_update AFTER UPDATE ON tickets FOR EACH ROW
    WHEN (OLD.version IS DISTINCT FROM NEW.version OR OLD.zone_id IS DISTINCT FROM NEW.zone_id)
    EXECUTE FUNCTION aiff_ticket_changed();
CREATE TRIGGER tickets_changed_delete AFTER DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION aiff_ticket_changed();

ALTER TABLE ticket_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_changes FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS ticket_changes_select ON ticket_changes;
DROP POLICY IF EXISTS ticket_changes_insert ON ticket_changes;
DROP POLICY IF EXISTS ticket_changes_delete ON ticket_changes;
CREATE POLICY ticket_changes_select ON ticket_changes FOR SELECT USING (
    (SELECT aiff_reads()) = 'all'
    OR ((SELECT aiff_reads()) = 'zones' AND (zone_id = ANY ((SELECT aiff_zone_ids())::int[])
             OR old_zone_id = ANY ((SELECT aiff_zone_ids())::int[])
             OR zone_id IS NULL AND zone = ANY ((SELECT aiff_zone_names())::text[]))));
-- Only the trigger (running as the owner, who migrates this file) writes the log.
CREATE POLICY ticket_changes_insert ON ticket_changes FOR INSERT TO CURRENT_USER WITH CHECK (true);
-- Pruning is a system job.
CREATE POLICY ticket_changes_delete ON ticket_changes FOR DELETE USING ((SELECT aiff_actor()) = 'system');

-- Assignments join the feed: a change of one is a change of its ticket's work, read by the same rule (its zone).
CREATE OR REPLACE FUNCTION aiff_assignment_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO ticket_changes (ticket_id, kind, zone_id, old_zone_id, zone, entity, entity_id)
        VALUES (OLD.ticket_id, aiff_deletion_kind(), OLD.zone_id, OLD.zone_id, OLD.zone, 'assignment', OLD.id);
        RETURN OLD;
    END IF;
    INSERT INTO ticket_changes (ticket_id, kind, zone_id, old_zone_id, zone, entity, entity_id)
    VALUES (NEW.ticket_id, 'upsert', NEW.zone_id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.zone_id END, NEW.zone, 'assignment', NEW.id);
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION aiff_assignment_changed() FROM PUBLIC;
DROP TRIGGER IF EXISTS assignments_changed ON assignments;
CREATE TRIGGER assignments_changed AFTER INSERT OR DELETE OR UPDATE ON assignments FOR EACH ROW
    EXECUTE FUNCTION aiff_assignment_changed();
