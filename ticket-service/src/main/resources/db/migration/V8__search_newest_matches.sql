-- Search that stays fast at a million tickets (issue 6: p95 under 50 ms).
--
-- Ranking every match of a broad query ("water leak" in a sixth of all tickets) reads every matching row; at 1M
-- tickets that is 80,000 rows and 300 ms whatever the index. So a query ranks at most the newest max_candidates
-- (2,000) matches in the caller's scope: all matches when there are fewer, which is every specific query. The newest
-- matches are found the cheap way for each kind of query (search.ranked): very broad ones by walking the newest
-- tickets backwards, broad ones bucket by bucket (32,768 ids each, newest first) through a GIN index over
-- (document, bucket) that skips to the bucket, the others through the same index over everything.
--
-- The typo fallback no longer compares the query with every title (a long query resembles every title made from the
-- same words, 166,000 rechecks at 1M): it corrects each word against a vocabulary of title and customer-name words
-- (pg_trgm similarity over a small table, then edit distance) and searches again with the corrected words. Ticket
-- numbers are compared without their shared "<letters>-<year>-" prefix, which made every number look like every
-- other to trigrams. Customer names join the document with weight C, so a name finds its tickets directly.

-- The backfills below read public.tickets, whose row-level security applies to its owner too: as the system scope.
SELECT set_config('aiff.role', 'system', true);
-- (Calling a pg_trgm function first loads the extension's settings into this session, so functions may set them.)
SELECT similarity('aiff', 'aiff');
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE EXTENSION IF NOT EXISTS btree_gin;
DROP FUNCTION search.search_tickets(TEXT, INTEGER);
DROP INDEX search.search_tickets_number_trgm;
DROP INDEX search.search_tickets_title_trgm;
DROP INDEX search.search_tickets_customer_trgm;
DROP INDEX search.search_tickets_document;

ALTER TABLE search.tickets ADD COLUMN bucket INTEGER NOT NULL GENERATED ALWAYS AS (id / 32768) STORED;
-- fastupdate off: with it, new entries wait in a pending list that every search reads whole (1,000 recent tickets
-- added 25 ms to a search at 1M); writing them straight into the index costs creates about 15% of their throughput.
CREATE INDEX search_tickets_document_bucket ON search.tickets USING gin (document, bucket) WITH (fastupdate = off);

CREATE FUNCTION search.document(title TEXT, description TEXT, customer_name TEXT) RETURNS TSVECTOR
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(customer_name, '')), 'C')
$$;

-- What tells ticket numbers apart: "TKT-2026-000123" → "000123", "BENCH-42" → "42"; other text only lower-cased.
CREATE FUNCTION search.number_key(ticket_number TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(regexp_replace(ticket_number, '^[A-Za-z]+-([0-9]{4}-)?', ''))
$$;
CREATE INDEX search_tickets_number_key ON search.tickets USING gin (search.number_key(ticket_number) gin_trgm_ops)
    WITH (fastupdate = off);

-- Words of titles and customer names (letters only, 3+) per zone, for correcting typos within the caller's scope
-- (a vocabulary across zones would tell a caller whether a word exists in zones it may not read). It only grows:
-- a word whose tickets are gone corrects to a search that finds nothing.
CREATE TABLE search.words (
    zone VARCHAR(100) NOT NULL,
    word TEXT NOT NULL,
    PRIMARY KEY (zone, word)
);
CREATE INDEX search_words_trgm ON search.words USING gin (word gin_trgm_ops) WITH (fastupdate = off);

CREATE FUNCTION search.words_of(title TEXT, customer_name TEXT) RETURNS SETOF TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT w FROM regexp_split_to_table(lower(coalesce(title, '') || ' ' || coalesce(customer_name, '')), '[^[:alpha:]]+') w
    WHERE length(w) >= 3
$$;

CREATE OR REPLACE FUNCTION search.index_ticket() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO search.tickets (id, zone, assigned_team, ticket_number, title, customer_name, document)
    VALUES (NEW.id, NEW.zone, NEW.assigned_team, NEW.ticket_number, NEW.title, NEW.customer_name,
            search.document(NEW.title, NEW.description, NEW.customer_name))
    ON CONFLICT (id) DO UPDATE SET zone = excluded.zone, assigned_team = excluded.assigned_team,
        ticket_number = excluded.ticket_number, title = excluded.title, customer_name = excluded.customer_name,
        document = excluded.document;
    IF NEW.zone IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.title IS DISTINCT FROM OLD.title
            OR NEW.customer_name IS DISTINCT FROM OLD.customer_name OR NEW.zone IS DISTINCT FROM OLD.zone) THEN
        -- In word order, so two transactions adding the same new words wait for each other instead of deadlocking.
        INSERT INTO search.words (zone, word)
        SELECT DISTINCT NEW.zone, w FROM search.words_of(NEW.title, NEW.customer_name) w ORDER BY 2
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

-- Every ticket (re)indexed: customer names join the documents, and tickets V5's backfill missed (it ran without the
-- system scope, so row-level security showed it none) are added.
INSERT INTO search.tickets (id, zone, assigned_team, ticket_number, title, customer_name, document)
SELECT t.id, t.zone, t.assigned_team, t.ticket_number, t.title, t.customer_name,
       search.document(t.title, t.description, t.customer_name)
FROM public.tickets t
ON CONFLICT (id) DO UPDATE SET zone = excluded.zone, assigned_team = excluded.assigned_team,
    ticket_number = excluded.ticket_number, title = excluded.title, customer_name = excluded.customer_name,
    document = excluded.document;
INSERT INTO search.words (zone, word)
SELECT DISTINCT t.zone, w FROM public.tickets t, search.words_of(t.title, t.customer_name) w
WHERE t.zone IS NOT NULL ON CONFLICT DO NOTHING;

-- The matches of tsq in scope, ranked: the best max_rows of the newest max_candidates, ties newest first.
CREATE FUNCTION search.ranked(tsq TSQUERY, sees_all BOOLEAN, zones TEXT[], max_rows INTEGER, max_candidates INTEGER)
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
          FROM (SELECT s.id, s.document, s.zone FROM search.tickets s ORDER BY s.id DESC LIMIT 5 * max_candidates) n
          WHERE n.document @@ tsq AND (sees_all OR n.zone = ANY (zones))
          LIMIT max_candidates) m;
    IF cardinality(ids) = 0 THEN
        -- 2. Nothing recent: up to one more than the candidates through the index (the CTE is planned for all its
        --    rows, so the planner cannot trade the index for a scan, and stops being read at the limit). Fewer is
        --    every match: a specific query, or none. One more is a broad query whose matches are older: bucket by
        --    bucket then, as far back as it takes.
        WITH matches AS MATERIALIZED (
            SELECT s.id, s.document FROM search.tickets s WHERE s.document @@ tsq AND (sees_all OR s.zone = ANY (zones)))
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
        -- those rows (coalesce keeps the planner off the zone index: 166,000 entries read to spare a few rows).
        ids := '{}';
        ranks := '{}';
        b := top_bucket;
        WHILE b >= lowest_bucket AND cardinality(ids) < max_candidates LOOP
            SELECT ids || coalesce(array_agg(m.id ORDER BY m.id DESC), '{}'),
                   ranks || coalesce(array_agg(ts_rank(m.document, tsq) ORDER BY m.id DESC), '{}')
            INTO ids, ranks
            FROM search.tickets m
            WHERE m.bucket = b AND m.document @@ tsq AND (sees_all OR coalesce(m.zone = ANY (zones), false));
            b := b - 1;
        END LOOP;
        older_than := (b + 1) * bucket_size;
    END IF;
    IF cardinality(ids) < max_candidates AND older_than > 0 THEN
        -- 4. Everything older than the buckets through the index, newest first.
        WITH matches AS MATERIALIZED (
            SELECT s.id, s.document FROM search.tickets s
            WHERE s.document @@ tsq AND s.id < older_than AND (sees_all OR s.zone = ANY (zones)))
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
CREATE FUNCTION search.corrected(q TEXT, sees_all BOOLEAN, zones TEXT[]) RETURNS TSQUERY LANGUAGE sql STABLE
    SET search_path = pg_catalog, public SET pg_trgm.similarity_threshold = 0.2 AS $$
    SELECT to_tsquery('english', string_agg('(' || v.alternatives || ')', ' & '))
    FROM (SELECT DISTINCT t FROM regexp_split_to_table(lower(q), '[^[:alnum:]]+') t WHERE t <> '' LIMIT 8) typed
    CROSS JOIN LATERAL (
        SELECT string_agg(quote_literal(c.word), ' | ') AS alternatives, count(*) > 1 AS changed
        FROM (SELECT typed.t AS word
              UNION ALL
              (SELECT DISTINCT ON (levenshtein(w.word, typed.t), similarity(w.word, typed.t), w.word) w.word
               FROM search.words w
               WHERE typed.t ~ '^[[:alpha:]]{3,}$'
                 AND NOT EXISTS (SELECT FROM search.words k WHERE k.word = typed.t AND (sees_all OR k.zone = ANY (zones)))
                 AND w.word % typed.t AND (sees_all OR w.zone = ANY (zones))
                 AND levenshtein(w.word, typed.t) <= CASE WHEN length(typed.t) < 5 THEN 1 ELSE 2 END
               ORDER BY levenshtein(w.word, typed.t), similarity(w.word, typed.t) DESC, w.word LIMIT 3)) c) v
    HAVING bool_or(v.changed)
$$;

-- The ids (and scores) of the tickets matching q that the caller may read: full text first (websearch syntax, so any
-- input parses); when that finds nothing and q has a digit, ticket numbers one edit away (a digit or letter missing,
-- extra or wrong; closest first, scores ≤ 1); else the full text search of the corrected words. The scope is the
-- tickets_select policy's, on the same settings.
CREATE FUNCTION search.search_tickets(q TEXT, max_rows INTEGER, max_candidates INTEGER)
    RETURNS TABLE (ticket_id INTEGER, score REAL)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    caller_role TEXT := coalesce(current_setting('aiff.role', true), '');
    sees_all BOOLEAN := caller_role IN ('admin', 'manager', 'viewer', 'system')
        OR (caller_role = 'service' AND coalesce(current_setting('aiff.read_all', true), '') = 'true');
    caller_zones TEXT[] := CASE WHEN caller_role IN ('supervisor', 'technician') THEN aiff_zones() ELSE '{}'::TEXT[] END;
    typed_key TEXT;
BEGIN
    IF NOT sees_all AND cardinality(caller_zones) = 0 THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT * FROM search.ranked(websearch_to_tsquery('english', q), sees_all, caller_zones, max_rows, max_candidates);
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
              AND (sees_all OR s.zone = ANY (caller_zones))
            ORDER BY 2 DESC, 1 DESC
            LIMIT max_rows;
        IF FOUND THEN
            RETURN;
        END IF;
    END IF;
    RETURN QUERY SELECT * FROM search.ranked(search.corrected(q, sees_all, caller_zones), sees_all, caller_zones, max_rows, max_candidates);
END $$;
-- Typo fallback for numbers: trigram similarity 0.5 lets the GIN index find the candidates one edit away (the key
-- "00000" is 0.5 like "000007") without rechecking thousands of neighbouring numbers.
ALTER FUNCTION search.search_tickets(TEXT, INTEGER, INTEGER) SET pg_trgm.similarity_threshold = 0.5;

REVOKE ALL ON FUNCTION search.search_tickets(TEXT, INTEGER, INTEGER) FROM PUBLIC;
REVOKE ALL ON FUNCTION search.ranked(TSQUERY, BOOLEAN, TEXT[], INTEGER, INTEGER) FROM PUBLIC;
REVOKE ALL ON FUNCTION search.corrected(TEXT, BOOLEAN, TEXT[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION search.search_tickets(TEXT, INTEGER, INTEGER) TO ${app_role};

-- The previous signature, for replicas of the previous release while a rolling update replaces them (a later
-- migration drops it).
CREATE FUNCTION search.search_tickets(q TEXT, max_rows INTEGER) RETURNS TABLE (ticket_id INTEGER, score REAL)
    LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT * FROM search.search_tickets(q, max_rows, 2000)
$$;
REVOKE ALL ON FUNCTION search.search_tickets(TEXT, INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION search.search_tickets(TEXT, INTEGER) TO ${app_role};
