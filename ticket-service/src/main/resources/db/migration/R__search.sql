-- Search (seed search_tickets), as it stands; its tables are migrations V5, V8 and V10, the design is in the
-- ticket-service README ("Search"). Under row-level security PostgreSQL cannot use full-text or trigram indexes
-- (their operators are not leakproof), so the searchable text lives in the owner-only schema "search", and
-- search.search_tickets() runs as the owner (SECURITY DEFINER), applying the caller's scope itself with the very
-- functions the policies use (R__scope.sql: aiff_reads(), aiff_zone_ids()); the service then reads the hits through
-- the policies as well. A ticket outside the caller's scope can never come back.

-- (Calling a pg_trgm function first loads the extension's settings into this session, so functions may set them.)
SELECT similarity('aiff', 'aiff');

CREATE OR REPLACE FUNCTION search.document(title TEXT, description TEXT, customer_name TEXT) RETURNS TSVECTOR
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(customer_name, '')), 'C')
$$;

-- What tells ticket numbers apart: "TKT-2026-000123" → "000123", "BENCH-42" → "42"; other text only lower-cased.
CREATE OR REPLACE FUNCTION search.number_key(ticket_number TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(regexp_replace(ticket_number, '^[A-Za-z]+-([0-9]{4}-)?', ''))
$$;

CREATE OR REPLACE FUNCTION search.words_of(title TEXT, customer_name TEXT) RETURNS SETOF TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT w FROM regexp_split_to_table(lower(coalesce(title, '') || ' ' || coalesce(customer_name, '')), '[^[:alpha:]]+') w
    WHERE length(w) >= 3
$$;

-- The copy is kept in step by a trigger that runs as the owner; the vocabulary grows per zone.
CREATE OR REPLACE FUNCTION search.index_ticket() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO search.tickets (id, zone, zone_id, assigned_team, ticket_number, title, customer_name, document)
    VALUES (NEW.id, NEW.zone, NEW.zone_id, NEW.assigned_team, NEW.ticket_number, NEW.title, NEW.customer_name,
            search.document(NEW.title, NEW.description, NEW.customer_name))
    ON CONFLICT (id) DO UPDATE SET zone = excluded.zone, zone_id = excluded.zone_id, assigned_team = excluded.assigned_team,
        ticket_number = excluded.ticket_number, title = excluded.title, customer_name = excluded.customer_name,
        document = excluded.document;
    IF NEW.zone_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.title IS DISTINCT FROM OLD.title
            OR NEW.customer_name IS DISTINCT FROM OLD.customer_name OR NEW.zone_id IS DISTINCT FROM OLD.zone_id) THEN
        -- In word order, so two transactions adding the same new words wait for each other instead of deadlocking.
        INSERT INTO search.zone_words (zone_id, word)
        SELECT DISTINCT NEW.zone_id, w FROM search.words_of(NEW.title, NEW.customer_name) w ORDER BY 2
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS tickets_search ON public.tickets;
CREATE TRIGGER tickets_search
    AFTER INSERT OR UPDATE OF zone, zone_id, assigned_team, ticket_number, title, description, customer_name
    ON public.tickets FOR EACH ROW EXECUTE FUNCTION search.index_ticket();

-- Zone names became ids (V10): the functions that compared names go.
DROP FUNCTION IF EXISTS search.search_tickets(TEXT, INTEGER);
DROP FUNCTION IF EXISTS search.ranked(TSQUERY, BOOLEAN, TEXT[], INTEGER, INTEGER);
DROP FUNCTION IF EXISTS search.corrected(TEXT, BOOLEAN, TEXT[]);
DROP FUNCTION IF EXISTS search.ranked(TSQUERY, BOOLEAN, INTEGER[], INTEGER, INTEGER);

-- The tickets_select policy's zone test on the search copy: by id, or by name while a ticket has no zone id yet.
CREATE OR REPLACE FUNCTION search.in_zones(zone_id INTEGER, zone TEXT, zones INTEGER[], zone_names TEXT[]) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(zone_id = ANY (zones), zone = ANY (zone_names), false)
$$;

-- The matches of tsq in scope, ranked: the best max_rows of the newest max_candidates, ties newest first.
CREATE OR REPLACE FUNCTION search.ranked(tsq TSQUERY, sees_all BOOLEAN, zones INTEGER[], zone_names TEXT[],
                                         max_rows INTEGER, max_candidates INTEGER)
    RETURNS TABLE (ticket_id INTEGER, score REAL) LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public AS $$
DECLARE
    bucket_size CONSTANT INTEGER := 32768;
    ids INTEGER[];
    ranks REAL[];
    top_bucket INTEGER := (SELECT max(s.id) FROM search.tickets s) / bucket_size;
    lowest_bucket INTEGER;
    b INTEGER;
    older_than INTEGER := 0;
BEGIN
    IF tsq IS NULL OR numnode(tsq) = 0 OR top_bucket IS NULL THEN
        RETURN;
    END IF;
    -- 1. The newest 5 tickets per candidate, walked backwards: enough for a very broad query, and it tells whether
    --    the query matches anything recent at all. (Cheaper than an index for that: a GIN scan for words that never
    --    meet costs as much as their whole posting lists, 15 ms at 1M.)
    SELECT coalesce(array_agg(m.id), '{}'), coalesce(array_agg(ts_rank(m.document, tsq)), '{}') INTO ids, ranks
    FROM (SELECT n.id, n.document
          FROM (SELECT s.id, s.document, s.zone_id, s.zone FROM search.tickets s ORDER BY s.id DESC LIMIT 5 * max_candidates) n
          WHERE n.document @@ tsq AND (sees_all OR search.in_zones(n.zone_id, n.zone, zones, zone_names))
          LIMIT max_candidates) m;
    IF cardinality(ids) = 0 THEN
        -- 2. Nothing recent: up to one more than the candidates through the index (the CTE is planned for all its
        --    rows, so the planner cannot trade the index for a scan, and stops being read at the limit). Fewer is
        --    every match: a specific query, or none. One more is a broad query whose matches are older: bucket by
        --    bucket then, as far back as it takes.
        WITH matches AS MATERIALIZED (
            SELECT s.id, s.document FROM search.tickets s
            WHERE s.document @@ tsq AND (sees_all OR search.in_zones(s.zone_id, s.zone, zones, zone_names)))
        SELECT coalesce(array_agg(m.id ORDER BY m.id DESC), '{}'),
               coalesce(array_agg(ts_rank(m.document, tsq) ORDER BY m.id DESC), '{}')
        INTO ids, ranks
        FROM (SELECT id, document FROM matches LIMIT max_candidates + 1) m;
        IF cardinality(ids) > max_candidates THEN
            lowest_bucket := 0;
        END IF;
    ELSIF cardinality(ids) < max_candidates THEN
        -- 3. Recent matches, not dense: bucket by bucket, newest first, for 8 buckets (262,144 ids), then step 4.
        lowest_bucket := greatest(top_bucket - 7, 0);
    END IF;
    IF lowest_bucket IS NOT NULL THEN
        -- Through the GIN index over (document, bucket), which skips to the bucket's rows. The zone is checked on
        -- those rows (the coalesce in search.in_zones keeps the planner off a zone index: thousands of entries read
        -- to spare a few rows).
        ids := '{}';
        ranks := '{}';
        b := top_bucket;
        WHILE b >= lowest_bucket AND cardinality(ids) < max_candidates LOOP
            SELECT ids || coalesce(array_agg(m.id ORDER BY m.id DESC), '{}'),
                   ranks || coalesce(array_agg(ts_rank(m.document, tsq) ORDER BY m.id DESC), '{}')
            INTO ids, ranks
            FROM search.tickets m
            WHERE m.bucket = b AND m.document @@ tsq AND (sees_all OR search.in_zones(m.zone_id, m.zone, zones, zone_names));
            b := b - 1;
        END LOOP;
        older_than := (b + 1) * bucket_size;
    END IF;
    IF cardinality(ids) < max_candidates AND older_than > 0 THEN
        -- 4. Everything older than the buckets through the index, newest first.
        WITH matches AS MATERIALIZED (
            SELECT s.id, s.document FROM search.tickets s
            WHERE s.document @@ tsq AND s.id < older_than AND (sees_all OR search.in_zones(s.zone_id, s.zone, zones, zone_names)))
        SELECT ids || coalesce(array_agg(m.id ORDER BY m.id DESC), '{}'),
               ranks || coalesce(array_agg(ts_rank(m.document, tsq) ORDER BY m.id DESC), '{}')
        INTO ids, ranks
        FROM (SELECT id, document FROM matches ORDER BY id DESC LIMIT max_candidates - cardinality(ids)) m;
    END IF;
    RETURN QUERY SELECT u.id, u.rank FROM unnest(ids[1:max_candidates], ranks[1:max_candidates]) u (id, rank)
        ORDER BY u.rank DESC, u.id DESC LIMIT max_rows;
END $$;

-- q with each of its first 8 words of 3+ letters that the caller's vocabulary (the words of the zones it may read)
-- lacks ORed with the (at most three) vocabulary words closest to it: found by trigram similarity (GIN), kept within
-- edit distance 1 (2 for words of 5+ letters). Every typed word stays (it may be in a description); tokens are letters
-- and digits only, so quoting them is safe. Null when nothing was corrected.
CREATE OR REPLACE FUNCTION search.corrected(q TEXT, sees_all BOOLEAN, zones INTEGER[]) RETURNS TSQUERY LANGUAGE sql STABLE
    SET search_path = pg_catalog, public SET pg_trgm.similarity_threshold = 0.2 AS $$
    SELECT to_tsquery('english', string_agg('(' || v.alternatives || ')', ' & '))
    FROM (SELECT DISTINCT t FROM regexp_split_to_table(lower(q), '[^[:alnum:]]+') t WHERE t <> '' LIMIT 8) typed
    CROSS JOIN LATERAL (
        SELECT string_agg(quote_literal(c.word), ' | ') AS alternatives, count(*) > 1 AS changed
        FROM (SELECT typed.t AS word
              UNION ALL
              (SELECT DISTINCT ON (levenshtein(w.word, typed.t), similarity(w.word, typed.t), w.word) w.word
               FROM search.zone_words w
               WHERE typed.t ~ '^[[:alpha:]]{3,}$'
                 AND NOT EXISTS (SELECT FROM search.zone_words k WHERE k.word = typed.t AND (sees_all OR k.zone_id = ANY (zones)))
                 AND w.word % typed.t AND (sees_all OR w.zone_id = ANY (zones))
                 AND levenshtein(w.word, typed.t) <= CASE WHEN length(typed.t) < 5 THEN 1 ELSE 2 END
               ORDER BY levenshtein(w.word, typed.t), similarity(w.word, typed.t) DESC, w.word LIMIT 3)) c) v
    HAVING bool_or(v.changed)
$$;

-- The ids (and scores) of the tickets matching q that the caller may read: full text first (websearch syntax, so any
-- input parses); when that finds nothing and q has a digit, ticket numbers one edit away (a digit or letter missing,
-- extra or wrong; closest first, scores ≤ 1); else the full text search of the corrected words. The scope is the
-- tickets_select policy's: the same functions on the same settings.
CREATE OR REPLACE FUNCTION search.search_tickets(q TEXT, max_rows INTEGER, max_candidates INTEGER)
    RETURNS TABLE (ticket_id INTEGER, score REAL)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    reach TEXT := aiff_reads();
    sees_all BOOLEAN := reach = 'all';
    caller_zones INTEGER[] := CASE WHEN reach = 'zones' THEN aiff_zone_ids() ELSE '{}'::INTEGER[] END;
    caller_zone_names TEXT[] := CASE WHEN reach = 'zones' THEN aiff_zone_names() ELSE '{}'::TEXT[] END;
    typed_key TEXT;
BEGIN
    IF NOT sees_all AND cardinality(caller_zones) = 0 AND cardinality(caller_zone_names) = 0 THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT * FROM search.ranked(websearch_to_tsquery('english', q), sees_all, caller_zones, caller_zone_names,
        max_rows, max_candidates);
    IF FOUND THEN
        RETURN;
    END IF;
    IF q ~ '[0-9]' THEN
        typed_key := search.number_key(q);
        RETURN QUERY
            SELECT s.id, (similarity(search.number_key(s.ticket_number), typed_key)
                          - levenshtein(search.number_key(s.ticket_number), typed_key))::REAL
            FROM search.tickets s
            WHERE search.number_key(s.ticket_number) % typed_key
              AND levenshtein(search.number_key(s.ticket_number), typed_key) <= 1
              AND (sees_all OR search.in_zones(s.zone_id, s.zone, caller_zones, caller_zone_names))
            ORDER BY 2 DESC, 1 DESC
            LIMIT max_rows;
        IF FOUND THEN
            RETURN;
        END IF;
    END IF;
    RETURN QUERY SELECT * FROM search.ranked(search.corrected(q, sees_all, caller_zones), sees_all, caller_zones,
        caller_zone_names, max_rows, max_candidates);
END $$;
-- Typo fallback for numbers: trigram similarity 0.5 lets the GIN index find the candidates one edit away (the key
-- "00000" is 0.5 like "000007") without rechecking thousands of neighbouring numbers.
ALTER FUNCTION search.search_tickets(TEXT, INTEGER, INTEGER) SET pg_trgm.similarity_threshold = 0.5;
-- A query of stop words only ("the", "-") finds nothing; PostgreSQL's notice about it would be logged by the client.
ALTER FUNCTION search.search_tickets(TEXT, INTEGER, INTEGER) SET client_min_messages = warning;

REVOKE ALL ON FUNCTION search.search_tickets(TEXT, INTEGER, INTEGER) FROM PUBLIC;
REVOKE ALL ON FUNCTION search.ranked(TSQUERY, BOOLEAN, INTEGER[], TEXT[], INTEGER, INTEGER) FROM PUBLIC;
REVOKE ALL ON FUNCTION search.corrected(TEXT, BOOLEAN, INTEGER[]) FROM PUBLIC;
GRANT USAGE ON SCHEMA search TO ${app_role};
GRANT EXECUTE ON FUNCTION search.search_tickets(TEXT, INTEGER, INTEGER) TO ${app_role};
