-- Who sees what (docs/api.md, "Who sees what"), the SQL half: every scope function and every row-level-security
-- policy of this database, in one file. The Java half (io.aiff.common.security.Caller) decides which cell of the rule
-- a caller is in; the service writes that into transaction-local settings (set_config(..., true), bound parameters,
-- io.aiff.ticket.service.Scope), and the policies below turn the settings into predicates:
--   aiff.reads     all | zones          what the caller reads (and may create in)
--   aiff.changes   all | zones | teams  what it may change (each change still needs its own permission)
--   aiff.contacts  all | zones | teams  whose customer contacts it may see decrypted
--   aiff.zone_ids  an int array literal ({3,7}): the caller's zones
--   aiff.team_ids  an int array literal: the caller's teams
--   aiff.zone_names a JSON array: the same zones by name, for tickets not yet given a zone id (below)
--   aiff.zones     a JSON array of zone names: tokens issued before zone ids (mapped through the directory)
--   aiff.actor     user:<id> | client:<id> | system
-- Nothing set means nothing: every predicate is false, so such a query sees and changes nothing (fail closed).
-- Policies call the functions as scalar subqueries, so each is evaluated once per statement, not once per row.
-- Flyway re-runs this file whenever its text changes; the migration test asserts the policies on every table.

-- One release: replicas of the previous release set aiff.role (and aiff.read_all) instead of aiff.reads/changes.
CREATE OR REPLACE FUNCTION aiff_legacy_reach(changes BOOLEAN) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN current_setting('aiff.role', true) IN ('admin', 'manager', 'system') THEN 'all'
        WHEN current_setting('aiff.role', true) = 'viewer' AND NOT changes THEN 'all'
        WHEN current_setting('aiff.role', true) = 'service' AND NOT changes
             AND current_setting('aiff.read_all', true) = 'true' THEN 'all'
        WHEN current_setting('aiff.role', true) = 'service' AND changes THEN 'all'
        WHEN current_setting('aiff.role', true) = 'supervisor' THEN 'zones'
        WHEN current_setting('aiff.role', true) = 'technician' THEN CASE WHEN changes THEN 'teams' ELSE 'zones' END
        ELSE '' END
$$;

CREATE OR REPLACE FUNCTION aiff_reads() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('aiff.reads', true), ''), aiff_legacy_reach(false))
$$;

CREATE OR REPLACE FUNCTION aiff_changes() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('aiff.changes', true), ''), aiff_legacy_reach(true))
$$;

CREATE OR REPLACE FUNCTION aiff_contacts() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('aiff.contacts', true), '')
$$;

CREATE OR REPLACE FUNCTION aiff_actor() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('aiff.actor', true), ''), current_setting('aiff.user_id', true), '')
$$;

CREATE OR REPLACE FUNCTION aiff_team_ids() RETURNS int[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('aiff.team_ids', true), '')::int[], '{}')
$$;

-- The caller's zones by id; zone names (tokens issued before zone ids) are mapped through the directory.
CREATE OR REPLACE FUNCTION aiff_zone_ids() RETURNS int[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('aiff.zone_ids', true), '')::int[], '{}')
        || coalesce((SELECT array_agg(z.id) FROM public.zones z
                     WHERE z.name = ANY (ARRAY(SELECT jsonb_array_elements_text(
                         nullif(nullif(current_setting('aiff.zones', true), ''), '[]')::jsonb)))), '{}')
$$;

-- The caller's zones by name. Only for tickets the previous release wrote that the directory has not mapped to a zone
-- id yet (zone_id IS NULL: until its first fill after the upgrade, or for a name no zone has any more), so that nobody
-- loses sight of those meanwhile — they are matched by name, as the previous release matched every ticket.
CREATE OR REPLACE FUNCTION aiff_zone_names() RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT ARRAY(SELECT jsonb_array_elements_text(nullif(nullif(current_setting('aiff.zone_names', true), ''), '[]')::jsonb))
        || ARRAY(SELECT jsonb_array_elements_text(nullif(nullif(current_setting('aiff.zones', true), ''), '[]')::jsonb))
$$;

-- Whether the caller may see this ticket's customer contact decrypted (the customer_contact filter finds only those).
-- Plain SQL without subqueries, so that the planner inlines it.
DROP FUNCTION IF EXISTS aiff_sees_contact(INTEGER, INTEGER);
CREATE OR REPLACE FUNCTION aiff_sees_contact(zone_id INTEGER, zone TEXT, assigned_team INTEGER) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT CASE aiff_contacts()
        WHEN 'all' THEN true
        WHEN 'zones' THEN coalesce(zone_id = ANY (aiff_zone_ids()), zone = ANY (aiff_zone_names()), false)
        WHEN 'teams' THEN coalesce(assigned_team = ANY (aiff_team_ids()), false)
        ELSE false END
$$;

-- Tickets of the previous release (and any written without an id) get their zone's id from the directory by name.
-- A ticket given a zone id shows the directory's name for it, read under a share lock: a rename in flight either
-- commits first (this ticket takes the new name) or waits for this ticket's commit (and then renames it with the rest).
CREATE OR REPLACE FUNCTION aiff_ticket_zone_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    directory_name TEXT;
BEGIN
    IF NEW.zone_id IS NULL AND NEW.zone IS NOT NULL THEN
        NEW.zone_id := (SELECT z.id FROM public.zones z WHERE z.name = NEW.zone ORDER BY z.version DESC LIMIT 1);
    ELSIF NEW.zone_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.zone_id IS DISTINCT FROM OLD.zone_id) THEN
        SELECT z.name INTO directory_name FROM public.zones z WHERE z.id = NEW.zone_id FOR SHARE;
        IF FOUND THEN
            NEW.zone := directory_name;
        END IF;
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS tickets_zone_id ON tickets;
CREATE TRIGGER tickets_zone_id BEFORE INSERT OR UPDATE OF zone, zone_id ON tickets
    FOR EACH ROW EXECUTE FUNCTION aiff_ticket_zone_id();

-- tickets: read and create in scope (a new ticket always has its zone's id); change by the changes reach; delete only by system jobs (retention).
ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;
ALTER TABLE tickets FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tickets_select ON tickets;
DROP POLICY IF EXISTS tickets_insert ON tickets;
DROP POLICY IF EXISTS tickets_update ON tickets;
DROP POLICY IF EXISTS tickets_delete ON tickets;

CREATE POLICY tickets_select ON tickets FOR SELECT USING (
    (SELECT aiff_reads()) = 'all'
    OR ((SELECT aiff_reads()) = 'zones' AND (zone_id = ANY ((SELECT aiff_zone_ids())::int[])
             OR zone_id IS NULL AND zone = ANY ((SELECT aiff_zone_names())::text[]))));

CREATE POLICY tickets_insert ON tickets FOR INSERT WITH CHECK (
    (SELECT aiff_reads()) = 'all'
    OR ((SELECT aiff_reads()) = 'zones' AND zone_id = ANY ((SELECT aiff_zone_ids())::int[])));

CREATE POLICY tickets_update ON tickets FOR UPDATE
    USING ((SELECT aiff_changes()) = 'all'
        OR ((SELECT aiff_changes()) = 'zones' AND (zone_id = ANY ((SELECT aiff_zone_ids())::int[])
                 OR zone_id IS NULL AND zone = ANY ((SELECT aiff_zone_names())::text[])))
        OR ((SELECT aiff_changes()) = 'teams' AND assigned_team = ANY ((SELECT aiff_team_ids())::int[])))
    -- A team member who declines hands the ticket back: open and unassigned (the USING side made sure it was theirs).
    WITH CHECK ((SELECT aiff_changes()) = 'all'
        OR ((SELECT aiff_changes()) = 'zones' AND (zone_id = ANY ((SELECT aiff_zone_ids())::int[])
                 OR zone_id IS NULL AND zone = ANY ((SELECT aiff_zone_names())::text[])))
        OR ((SELECT aiff_changes()) = 'teams' AND (assigned_team = ANY ((SELECT aiff_team_ids())::int[])
                 OR assigned_team IS NULL AND status = 'open')));

CREATE POLICY tickets_delete ON tickets FOR DELETE USING ((SELECT aiff_actor()) = 'system');

-- ticket_status_events: a ticket's history is visible exactly when the ticket is (the subquery runs under the
-- tickets policies), written only for tickets the caller reaches, never changed, deleted only with its ticket.
ALTER TABLE ticket_status_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_status_events FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS ticket_status_events_select ON ticket_status_events;
DROP POLICY IF EXISTS ticket_status_events_insert ON ticket_status_events;
DROP POLICY IF EXISTS ticket_status_events_delete ON ticket_status_events;

CREATE POLICY ticket_status_events_select ON ticket_status_events FOR SELECT USING (
    EXISTS (SELECT FROM tickets t WHERE t.id = ticket_id));
CREATE POLICY ticket_status_events_insert ON ticket_status_events FOR INSERT WITH CHECK (
    EXISTS (SELECT FROM tickets t WHERE t.id = ticket_id));
CREATE POLICY ticket_status_events_delete ON ticket_status_events FOR DELETE USING ((SELECT aiff_actor()) = 'system');

-- assignments: the visibility rule as for tickets, by the assignment's zone (the ticket's) for reads and zone-wide
-- changes, by its team for team-wide changes (technicians: their teams' assignments); deleted only with the ticket.
ALTER TABLE assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE assignments FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS assignments_select ON assignments;
DROP POLICY IF EXISTS assignments_insert ON assignments;
DROP POLICY IF EXISTS assignments_update ON assignments;
DROP POLICY IF EXISTS assignments_delete ON assignments;

CREATE POLICY assignments_select ON assignments FOR SELECT USING (
    (SELECT aiff_reads()) = 'all'
    OR ((SELECT aiff_reads()) = 'zones' AND (zone_id = ANY ((SELECT aiff_zone_ids())::int[])
             OR zone_id IS NULL AND zone = ANY ((SELECT aiff_zone_names())::text[]))));

CREATE POLICY assignments_insert ON assignments FOR INSERT WITH CHECK (
    (SELECT aiff_changes()) = 'all'
    OR ((SELECT aiff_changes()) = 'zones' AND (zone_id = ANY ((SELECT aiff_zone_ids())::int[])
             OR zone_id IS NULL AND zone = ANY ((SELECT aiff_zone_names())::text[])))
    OR ((SELECT aiff_changes()) = 'teams' AND team_id = ANY ((SELECT aiff_team_ids())::int[])));

CREATE POLICY assignments_update ON assignments FOR UPDATE
    USING ((SELECT aiff_changes()) = 'all'
        OR ((SELECT aiff_changes()) = 'zones' AND (zone_id = ANY ((SELECT aiff_zone_ids())::int[])
                 OR zone_id IS NULL AND zone = ANY ((SELECT aiff_zone_names())::text[])))
        OR ((SELECT aiff_changes()) = 'teams' AND team_id = ANY ((SELECT aiff_team_ids())::int[])))
    WITH CHECK ((SELECT aiff_changes()) = 'all'
        OR ((SELECT aiff_changes()) = 'zones' AND (zone_id = ANY ((SELECT aiff_zone_ids())::int[])
                 OR zone_id IS NULL AND zone = ANY ((SELECT aiff_zone_names())::text[])))
        OR ((SELECT aiff_changes()) = 'teams' AND team_id = ANY ((SELECT aiff_team_ids())::int[])));

CREATE POLICY assignments_delete ON assignments FOR DELETE USING ((SELECT aiff_actor()) = 'system');

-- A team's open load in the directory (teams.open_assignments), whoever changes the assignment and whatever it may
-- see: dispatch and the capacity rule count every zone's assignments, not only the caller's.
CREATE OR REPLACE FUNCTION aiff_team_load() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public AS $$
DECLARE
    was_open BOOLEAN := TG_OP <> 'INSERT' AND OLD.status IN ('assigned', 'in_progress');
    is_open  BOOLEAN := TG_OP <> 'DELETE' AND NEW.status IN ('assigned', 'in_progress');
BEGIN
    IF was_open AND (NOT is_open OR OLD.team_id <> NEW.team_id) THEN
        UPDATE teams SET open_assignments = greatest(open_assignments - 1, 0) WHERE id = OLD.team_id;
    END IF;
    IF is_open AND (NOT was_open OR OLD.team_id <> NEW.team_id) THEN
        UPDATE teams SET open_assignments = open_assignments + 1 WHERE id = NEW.team_id;
    END IF;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION aiff_team_load() FROM PUBLIC;
DROP TRIGGER IF EXISTS assignments_team_load ON assignments;
CREATE TRIGGER assignments_team_load AFTER INSERT OR UPDATE OF status, team_id OR DELETE ON assignments
    FOR EACH ROW EXECUTE FUNCTION aiff_team_load();

-- dispatch_decisions: readable by whoever may read the assignment it led to (the ticket's zone), written by whoever
-- may assign there; never changed but to link the assignment it made; deleted only by system jobs.
ALTER TABLE dispatch_decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE dispatch_decisions FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS dispatch_decisions_select ON dispatch_decisions;
DROP POLICY IF EXISTS dispatch_decisions_insert ON dispatch_decisions;
DROP POLICY IF EXISTS dispatch_decisions_update ON dispatch_decisions;
DROP POLICY IF EXISTS dispatch_decisions_delete ON dispatch_decisions;

CREATE POLICY dispatch_decisions_select ON dispatch_decisions FOR SELECT USING (
    (SELECT aiff_reads()) = 'all'
    OR ((SELECT aiff_reads()) = 'zones' AND (zone_id = ANY ((SELECT aiff_zone_ids())::int[])
             OR zone_id IS NULL AND zone = ANY ((SELECT aiff_zone_names())::text[]))));

CREATE POLICY dispatch_decisions_insert ON dispatch_decisions FOR INSERT WITH CHECK (
    (SELECT aiff_changes()) = 'all'
    OR ((SELECT aiff_changes()) IN ('zones', 'teams') AND (zone_id = ANY ((SELECT aiff_zone_ids())::int[])
             OR zone_id IS NULL AND zone = ANY ((SELECT aiff_zone_names())::text[]))));

CREATE POLICY dispatch_decisions_update ON dispatch_decisions FOR UPDATE
    USING ((SELECT aiff_changes()) = 'all'
        OR ((SELECT aiff_changes()) IN ('zones', 'teams') AND (zone_id = ANY ((SELECT aiff_zone_ids())::int[])
                 OR zone_id IS NULL AND zone = ANY ((SELECT aiff_zone_names())::text[]))));

CREATE POLICY dispatch_decisions_delete ON dispatch_decisions FOR DELETE USING ((SELECT aiff_actor()) = 'system');

-- The archive is read by the rule of the live tables (docs/api.md "Who sees what"): by zone, history with its
-- ticket. Only the retention run (the system actor) writes it; nothing deletes archived rows, and nothing changes them
-- but a contact key rotation (the system actor, two columns: V17).
ALTER TABLE archive.tickets ENABLE ROW LEVEL SECURITY;
ALTER TABLE archive.tickets FORCE ROW LEVEL SECURITY;
ALTER TABLE archive.ticket_status_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE archive.ticket_status_events FORCE ROW LEVEL SECURITY;
ALTER TABLE archive.assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE archive.assignments FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS archive_tickets_select ON archive.tickets;
DROP POLICY IF EXISTS archive_tickets_insert ON archive.tickets;
DROP POLICY IF EXISTS archive_tickets_rotate ON archive.tickets;
DROP POLICY IF EXISTS archive_events_select ON archive.ticket_status_events;
DROP POLICY IF EXISTS archive_events_insert ON archive.ticket_status_events;
DROP POLICY IF EXISTS archive_assignments_select ON archive.assignments;
DROP POLICY IF EXISTS archive_assignments_insert ON archive.assignments;

CREATE POLICY archive_tickets_select ON archive.tickets FOR SELECT USING (
    (SELECT aiff_reads()) = 'all'
    OR ((SELECT aiff_reads()) = 'zones' AND (zone_id = ANY ((SELECT aiff_zone_ids())::int[])
             OR zone_id IS NULL AND zone = ANY ((SELECT aiff_zone_names())::text[]))));
CREATE POLICY archive_tickets_insert ON archive.tickets FOR INSERT WITH CHECK ((SELECT aiff_actor()) = 'system');
CREATE POLICY archive_tickets_rotate ON archive.tickets FOR UPDATE USING ((SELECT aiff_actor()) = 'system')
    WITH CHECK ((SELECT aiff_actor()) = 'system');
CREATE POLICY archive_events_select ON archive.ticket_status_events FOR SELECT USING (
    EXISTS (SELECT FROM archive.tickets t WHERE t.id = ticket_id));
CREATE POLICY archive_events_insert ON archive.ticket_status_events FOR INSERT WITH CHECK ((SELECT aiff_actor()) = 'system');
CREATE POLICY archive_assignments_select ON archive.assignments FOR SELECT USING (
    (SELECT aiff_reads()) = 'all'
    OR ((SELECT aiff_reads()) = 'zones' AND (zone_id = ANY ((SELECT aiff_zone_ids())::int[])
             OR zone_id IS NULL AND zone = ANY ((SELECT aiff_zone_names())::text[]))));
CREATE POLICY archive_assignments_insert ON archive.assignments FOR INSERT WITH CHECK ((SELECT aiff_actor()) = 'system');
