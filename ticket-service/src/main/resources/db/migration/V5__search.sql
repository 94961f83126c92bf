-- Search (seed search_tickets). Under row-level security PostgreSQL cannot use full-text or trigram indexes (their
-- operators are not leakproof, so they may not run before the policy), so the searchable text lives in a table of
-- its own in schema "search", which the pool role cannot read: search.search_tickets() runs as the owner
-- (SECURITY DEFINER, fixed search_path), applies the caller's scope explicitly from the same transaction settings as
-- the policies, and answers ids and ranks only; the service then reads those tickets through the policies.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE SCHEMA search;
REVOKE ALL ON SCHEMA search FROM PUBLIC;

CREATE TABLE search.tickets (
    id            INTEGER PRIMARY KEY REFERENCES public.tickets (id) ON DELETE CASCADE,
    zone          VARCHAR(100),
    assigned_team INTEGER,
    ticket_number VARCHAR(20) NOT NULL,
    title         VARCHAR(200) NOT NULL,
    customer_name VARCHAR(100),
    document      TSVECTOR NOT NULL
);
CREATE INDEX search_tickets_document ON search.tickets USING gin (document);
CREATE INDEX search_tickets_number_trgm ON search.tickets USING gin (ticket_number gin_trgm_ops);
CREATE INDEX search_tickets_title_trgm ON search.tickets USING gin (title gin_trgm_ops);
CREATE INDEX search_tickets_customer_trgm ON search.tickets USING gin (customer_name gin_trgm_ops);
CREATE INDEX search_tickets_zone ON search.tickets (zone);

-- Kept in step by a trigger that runs as the owner. Title weighs A, description B.
CREATE FUNCTION search.index_ticket() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO search.tickets (id, zone, assigned_team, ticket_number, title, customer_name, document)
    VALUES (NEW.id, NEW.zone, NEW.assigned_team, NEW.ticket_number, NEW.title, NEW.customer_name,
            setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
                || setweight(to_tsvector('english', coalesce(NEW.description, '')), 'B'))
    ON CONFLICT (id) DO UPDATE SET zone = excluded.zone, assigned_team = excluded.assigned_team,
        ticket_number = excluded.ticket_number, title = excluded.title, customer_name = excluded.customer_name,
        document = excluded.document;
    RETURN NULL;
END $$;
CREATE TRIGGER tickets_search AFTER INSERT OR UPDATE OF zone, assigned_team, ticket_number, title, description, customer_name
    ON public.tickets FOR EACH ROW EXECUTE FUNCTION search.index_ticket();

INSERT INTO search.tickets (id, zone, assigned_team, ticket_number, title, customer_name, document)
SELECT id, zone, assigned_team, ticket_number, title, customer_name,
       setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')
FROM public.tickets;

-- The ids (and ranks) of the tickets matching q that the caller may read: full text first (websearch syntax, so any
-- input parses), and when that finds nothing, trigram similarity on ticket number, customer name and title (typos).
-- The scope predicate is the tickets_select policy's, on the same settings.
CREATE FUNCTION search.search_tickets(q TEXT, max_rows INTEGER) RETURNS TABLE (ticket_id INTEGER, score REAL)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    caller_role TEXT := coalesce(current_setting('aiff.role', true), '');
    sees_all BOOLEAN := caller_role IN ('admin', 'manager', 'viewer', 'system')
        OR (caller_role = 'service' AND coalesce(current_setting('aiff.read_all', true), '') = 'true');
    caller_zones TEXT[] := CASE WHEN caller_role IN ('supervisor', 'technician') THEN aiff_zones() ELSE '{}'::TEXT[] END;
    tsq TSQUERY := websearch_to_tsquery('english', q);
BEGIN
    IF NOT sees_all AND cardinality(caller_zones) = 0 THEN
        RETURN;
    END IF;
    RETURN QUERY
        SELECT s.id, ts_rank(s.document, tsq)
        FROM search.tickets s
        WHERE s.document @@ tsq AND (sees_all OR s.zone = ANY (caller_zones))
        ORDER BY 2 DESC, 1
        LIMIT max_rows;
    IF FOUND THEN
        RETURN;
    END IF;
    RETURN QUERY
        SELECT s.id, greatest(similarity(s.ticket_number, q), similarity(coalesce(s.customer_name, ''), q),
                              similarity(s.title, q))::REAL
        FROM search.tickets s
        WHERE (s.ticket_number % q OR s.customer_name % q OR s.title % q) AND (sees_all OR s.zone = ANY (caller_zones))
        ORDER BY 2 DESC, 1
        LIMIT max_rows;
END $$;

REVOKE ALL ON FUNCTION search.search_tickets(TEXT, INTEGER) FROM PUBLIC;
GRANT USAGE ON SCHEMA search TO ${app_role};
GRANT EXECUTE ON FUNCTION search.search_tickets(TEXT, INTEGER) TO ${app_role};
