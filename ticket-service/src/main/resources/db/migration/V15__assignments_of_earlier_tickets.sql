-- Tickets assigned before assignments existed (V13) get their current assignment from what the ticket records, so
-- that their team's load counts them and a reassignment or decline ends something: assigned → assigned; in progress,
-- on hold or pending → in_progress; resolved or closed → completed. Run in the system scope (row-level security is on
-- when this runs on an upgraded database; the policies in force are those of the release it comes from until
-- R__scope.sql runs after every versioned migration, so the previous release's setting too); the directory's loads
-- are counted afresh afterwards.
SELECT set_config('aiff.actor', 'system', true), set_config('aiff.reads', 'all', true), set_config('aiff.changes', 'all', true),
       set_config('aiff.role', 'system', true);

INSERT INTO assignments (ticket_id, team_id, assigned_to, zone_id, zone, assigned_by, assigned_by_actor, assigned_at,
                         assignment_type, status, actual_completion, notes)
SELECT t.id, t.assigned_team, CASE WHEN t.assigned_to ~ '^[1-9][0-9]{0,8}$' THEN t.assigned_to::int END, t.zone_id, t.zone,
       t.assigned_by, 'system',
       coalesce((SELECT max(e.changed_at) FROM ticket_status_events e WHERE e.ticket_id = t.id AND e.to_status = 'assigned'),
                t.updated_at),
       'manual',
       CASE WHEN t.status = 'assigned' THEN 'assigned'
            WHEN t.status IN ('in_progress', 'on_hold', 'pending') THEN 'in_progress'
            ELSE 'completed' END,
       CASE WHEN t.status IN ('resolved', 'closed') THEN t.completed_at END,
       'recorded from the ticket when assignments were introduced'
FROM tickets t
WHERE t.assigned_team IS NOT NULL
  AND t.status IN ('assigned', 'in_progress', 'on_hold', 'pending', 'resolved', 'closed')
  AND NOT EXISTS (SELECT FROM assignments a WHERE a.ticket_id = t.id AND a.status IN ('assigned', 'in_progress', 'completed'));

UPDATE teams d SET open_assignments = (SELECT count(*) FROM assignments a
                                       WHERE a.team_id = d.id AND a.status IN ('assigned', 'in_progress'));
