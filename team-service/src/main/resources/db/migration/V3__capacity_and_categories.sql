-- What dispatch needs of a team (ticket-service's automatic assignment, docs/api.md "Assignments and dispatch"): how
-- many open assignments it takes at once, and which ticket categories it takes (empty: any).
ALTER TABLE teams ADD COLUMN capacity INTEGER NOT NULL DEFAULT 10 CHECK (capacity BETWEEN 1 AND 1000);
ALTER TABLE teams ADD COLUMN categories VARCHAR(30)[] NOT NULL DEFAULT '{}';
