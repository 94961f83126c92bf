-- Typo fallback: ticket numbers share their "TKT-<year>-" prefix, so the default trigram threshold (0.3) finds nearly
-- every ticket similar to any number; 0.6 keeps real typos (a letter or digit off) and drops the crowd.
ALTER FUNCTION search.search_tickets(TEXT, INTEGER) SET pg_trgm.similarity_threshold = 0.6;
