-- The scope functions as scalar subqueries: evaluated once per statement (an InitPlan) instead of once per row.
DROP POLICY tickets_select ON tickets;
DROP POLICY tickets_insert ON tickets;
DROP POLICY tickets_update ON tickets;
DROP POLICY tickets_delete ON tickets;

CREATE POLICY tickets_select ON tickets FOR SELECT USING (
    (SELECT aiff_role()) IN ('admin', 'manager', 'viewer', 'system')
    OR ((SELECT aiff_role()) = 'service' AND (SELECT current_setting('aiff.read_all', true)) = 'true')
    OR ((SELECT aiff_role()) IN ('supervisor', 'technician') AND zone = ANY ((SELECT aiff_zones())::text[])));

CREATE POLICY tickets_insert ON tickets FOR INSERT WITH CHECK (
    (SELECT aiff_role()) IN ('admin', 'manager', 'system', 'service')
    OR ((SELECT aiff_role()) IN ('supervisor', 'technician') AND zone = ANY ((SELECT aiff_zones())::text[])));

CREATE POLICY tickets_update ON tickets FOR UPDATE
    USING ((SELECT aiff_role()) IN ('admin', 'manager', 'system')
        OR ((SELECT aiff_role()) = 'supervisor' AND zone = ANY ((SELECT aiff_zones())::text[]))
        OR ((SELECT aiff_role()) = 'technician' AND assigned_team = ANY ((SELECT aiff_team_ids())::int[])))
    WITH CHECK ((SELECT aiff_role()) IN ('admin', 'manager', 'system')
        OR ((SELECT aiff_role()) = 'supervisor' AND zone = ANY ((SELECT aiff_zones())::text[]))
        OR ((SELECT aiff_role()) = 'technician' AND assigned_team = ANY ((SELECT aiff_team_ids())::int[])));

CREATE POLICY tickets_delete ON tickets FOR DELETE USING ((SELECT aiff_role()) = 'system');
