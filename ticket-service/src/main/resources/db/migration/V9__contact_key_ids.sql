-- Which key encrypted each customer contact: a fingerprint of the key (HMAC of a fixed label, computed by the
-- service; never the key). While a key rotation is under way reads decrypt with the key a row names, and the
-- re-encryption job (service/ContactKeyRotation) finds the rows still under another key through this index.
-- Contacts written before this migration have none and are read with the current key.
ALTER TABLE tickets ADD COLUMN customer_contact_key VARCHAR(16);
CREATE INDEX idx_tickets_customer_contact_key ON tickets (customer_contact_key, id) WHERE customer_contact IS NOT NULL;
