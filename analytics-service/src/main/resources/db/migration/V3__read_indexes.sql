-- Reads of one team or zone over a period by index alone (bench/analytics.sh): a team's response times over the tickets
-- it answered then, and a zone's backlog with what its ages need.
CREATE INDEX idx_ticket_facts_team_responded ON ticket_facts (generation, team_id, first_response_at)
    WHERE first_response_at IS NOT NULL;
DROP INDEX idx_ticket_facts_backlog;
CREATE INDEX idx_ticket_facts_backlog ON ticket_facts (generation, zone_id) INCLUDE (created_at, paused_seconds, paused_since)
    WHERE status IN ('open', 'assigned', 'in_progress', 'on_hold', 'pending');
