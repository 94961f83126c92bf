-- Search that stays fast when a query matches tens of thousands of tickets, and a typo fallback that walks trigram
-- indexes in distance order (GiST, KNN) instead of comparing every similar ticket number.
CREATE INDEX search_tickets_number_gist ON search.tickets USING gist (ticket_number gist_trgm_ops);
CREATE INDEX search_tickets_title_gist ON search.tickets USING gist (title gist_trgm_ops);
CREATE INDEX search_tickets_customer_gist ON search.tickets USING gist (customer_name gist_trgm_ops);
DROP INDEX search.search_tickets_number_trgm;
DROP INDEX search.search_tickets_title_trgm;
DROP INDEX search.search_tickets_customer_trgm;

-- Full text: the newest 2,000 matches in scope are ranked (a broad query still answers its best recent tickets
-- quickly); fallback: the nearest ticket numbers, customer names and titles by trigram distance, kept when at least
-- 0.4 similar. Same scope predicate as the tickets_select policy, from the same settings.
CREATE OR REPLACE FUNCTION search.search_tickets(q TEXT, max_rows INTEGER) RETURNS TABLE (ticket_id INTEGER, score REAL)
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
        SELECT c.id, ts_rank(c.document, tsq)
        FROM (SELECT s.id, s.document FROM search.tickets s
              WHERE s.document @@ tsq AND (sees_all OR s.zone = ANY (caller_zones))
              ORDER BY s.id DESC LIMIT 2000) c
        ORDER BY 2 DESC, 1 DESC
        LIMIT max_rows;
    IF FOUND THEN
        RETURN;
    END IF;
    RETURN QUERY
        SELECT n.id, max(n.sim)::REAL
        FROM (
            (SELECT s.id, similarity(s.ticket_number, q) AS sim FROM search.tickets s
             WHERE sees_all OR s.zone = ANY (caller_zones) ORDER BY s.ticket_number <-> q LIMIT max_rows)
            UNION ALL
            (SELECT s.id, similarity(s.customer_name, q) FROM search.tickets s
             WHERE s.customer_name IS NOT NULL AND (sees_all OR s.zone = ANY (caller_zones))
             ORDER BY s.customer_name <-> q LIMIT max_rows)
            UNION ALL
            (SELECT s.id, similarity(s.title, q) FROM search.tickets s
             WHERE sees_all OR s.zone = ANY (caller_zones) ORDER BY s.title <-> q LIMIT max_rows)
        ) n
        WHERE n.sim >= 0.4
        GROUP BY n.id
        ORDER BY 2 DESC, 1
        LIMIT max_rows;
END $$;
