-- A customer-contact key rotation (service/ContactKeyRotation) re-encrypts archived contacts too, or they could never
-- be read once the previous key is retired: the pool role may change those two columns of the archive, as the system
-- actor only (policy archive_tickets_rotate, R__scope.sql). Nothing else of the archive is ever changed.
GRANT UPDATE (customer_contact, customer_contact_key) ON archive.tickets TO ${app_role};
