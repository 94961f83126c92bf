-- Customer contacts encrypted with pgcrypto. The key is never here: the service binds it as a parameter of each
-- statement (AIFF_CONTACT_ENCRYPTION_KEY). Lookups by phone or e-mail go through a keyed blind index (HMAC-SHA256 of
-- the normalised contact with a separate key, AIFF_CONTACT_INDEX_KEY), computed by the service, so the table is never
-- decrypted to search it. The API shows a masked form to callers without tickets:read_contact.
CREATE EXTENSION IF NOT EXISTS pgcrypto;

ALTER TABLE tickets ALTER COLUMN customer_contact TYPE BYTEA USING NULL;
ALTER TABLE tickets ADD COLUMN customer_contact_index VARCHAR(64);
ALTER TABLE tickets ADD COLUMN customer_contact_masked VARCHAR(100);
CREATE INDEX idx_tickets_customer_contact_index ON tickets (customer_contact_index) WHERE customer_contact_index IS NOT NULL;
