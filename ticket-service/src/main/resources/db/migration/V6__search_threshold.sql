-- Typo fallback: ticket numbers share their "TKT-<year>-" prefix, so the default trigram threshold (0.3) finds nearly
-- every ticket similar to any number; 0.6 keeps real typos (a letter or digit off) and drops the crowd.
-- (Calling a pg_trgm function first loads the extension's settings into this session, so the owner may set one.)
SELECT similarity('aiff', 'aiff');
ALTER FUNCTION search.search_tickets(TEXT, INTEGER) SET pg_trgm.similarity_threshold = 0.6;
