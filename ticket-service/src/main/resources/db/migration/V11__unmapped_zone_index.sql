-- Tickets of the previous release not yet given a zone id are matched by zone name (R__scope.sql, aiff_zone_names):
-- this index finds them by name, and is empty once the directory has mapped every one.
CREATE INDEX idx_tickets_unmapped_zone ON tickets (zone, id) WHERE zone_id IS NULL;
