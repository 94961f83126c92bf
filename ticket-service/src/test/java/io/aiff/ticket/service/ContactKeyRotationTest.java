package io.aiff.ticket.service;

import io.agroal.api.AgroalDataSource;
import io.aiff.common.db.ClusterLock;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.support.Sql;
import io.aiff.ticket.support.TeamServiceStub;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A rotation from the tests' usual contact key to a new one, with the previous key still configured. */
@QuarkusTest
@TestProfile(ContactKeyRotationTest.Rotating.class)
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class ContactKeyRotationTest {

    static final String OLD_KEY = "test-contact-encryption-key-0001";
    static final String NEW_KEY = "test-contact-encryption-key-0003";

    public static class Rotating implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aiff.tickets.contact-encryption-key", NEW_KEY,
                    "aiff.tickets.contact-previous-encryption-key", OLD_KEY,
                    "aiff.tickets.contact-rotation-interval", "1H");
        }
    }

    @Inject
    AgroalDataSource db;

    @Inject
    ContactKeyRotation rotation;

    /** A ticket whose contact was written under {@code key} (key id {@code keyId}), as before the rotation began. */
    private int ticketWithContact(Connection c, String contact, String key, String keyId) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO tickets (ticket_number, title, zone, customer_contact, "
                + "customer_contact_key) VALUES ('ROT-' || nextval('ticket_number_seq'), 'Rotation', 'Penang', "
                + "pgp_sym_encrypt(?, ?), ?) RETURNING id")) {
            insert.setString(1, contact);
            insert.setString(2, key);
            insert.setString(3, keyId);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static String decrypt(Connection c, int id, String key) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT pgp_sym_decrypt(customer_contact, ?) FROM tickets WHERE id = ?")) {
            query.setString(1, key);
            query.setInt(2, id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /** A connection in a transaction with the system scope (transaction-local, so nothing stays on the pool). */
    private Connection system() throws SQLException {
        Connection c = db.getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            Sql.system(s.getConnection(), true);
        }
        return c;
    }

    @Test
    void contactsAreReadableThroughoutAndEndUnderTheNewKeyOnly() throws Exception {
        List<Integer> ids = new ArrayList<>();
        try (Connection c = system()) {
            for (int i = 0; i < 3; i++) {
                ids.add(ticketWithContact(c, "+6012000000" + i, OLD_KEY, Contacts.fingerprint(OLD_KEY)));
            }
            // Written before key ids existed (V9), with the key of that time: the previous one now.
            ids.add(ticketWithContact(c, "legacy@example.com", OLD_KEY, null));
            c.commit();
        }
        String admin = TestTokens.admin();
        given().auth().oauth2(admin).when().get("/api/tickets/" + ids.get(0)).then().statusCode(200)
                .body("customer_contact", equalTo("+60120000000"));
        given().auth().oauth2(admin).when().get("/api/tickets/" + ids.get(3)).then().statusCode(200)
                .body("customer_contact", equalTo("legacy@example.com"));

        assertTrue(rotation.pass().await().indefinitely(), "one pass re-encrypts everything");

        try (Connection c = system();
             ResultSet left = c.createStatement().executeQuery("SELECT count(*) FROM tickets WHERE customer_contact IS NOT NULL "
                     + "AND customer_contact_key IS DISTINCT FROM '" + Contacts.fingerprint(NEW_KEY) + "'")) {
            left.next();
            assertEquals(0, left.getInt(1), "every contact names the new key");
            assertEquals("+60120000002", decrypt(c, ids.get(2), NEW_KEY));
            assertEquals("legacy@example.com", decrypt(c, ids.get(3), NEW_KEY));
            c.commit();
        }
        try (Connection c = system()) {
            assertThrows(SQLException.class, () -> decrypt(c, ids.get(1), OLD_KEY), "the old key no longer opens it");
            c.rollback();
        }
        given().auth().oauth2(admin).when().get("/api/tickets/" + ids.get(1)).then().statusCode(200)
                .body("customer_contact", equalTo("+60120000001"));
        given().auth().oauth2(admin).when().get("/api/tickets/" + ids.get(3)).then().statusCode(200)
                .body("customer_contact", equalTo("legacy@example.com"));
    }

    @Test
    void aPassIsNotDoneWhileARowItSkippedIsLockedAndOneReplicaRotatesAtATime() throws Exception {
        int id;
        try (Connection c = system()) {
            id = ticketWithContact(c, "+60130000000", OLD_KEY, Contacts.fingerprint(OLD_KEY));
            c.commit();
        }
        try (Connection holder = system()) {
            holder.createStatement().execute("SELECT 1 FROM tickets WHERE id = " + id + " FOR UPDATE");
            assertFalse(rotation.pass().await().indefinitely(), "the locked row is still under the old key");
            holder.rollback();
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, ClusterLock.CLASS);
                lock.setInt(2, ClusterLock.CONTACT_ROTATION.key());
                lock.execute();
            }
            assertEquals(-1, rotation.runOnce(0).await().indefinitely(), "another replica holds the rotation");
            assertFalse(rotation.pass().await().indefinitely());
            c.rollback();
        }
        assertTrue(rotation.pass().await().indefinitely(), "done once the row is free");
        try (Connection c = system()) {
            assertEquals("+60130000000", decrypt(c, id, NEW_KEY));
            c.rollback();
        }
    }

    /** Back to the tests' usual key, for the test classes that run after this one. */
    @AfterEach
    void rotateBack() throws Exception {
        try (Connection c = system();
             PreparedStatement back = c.prepareStatement("UPDATE tickets SET customer_contact = pgp_sym_encrypt("
                     + "pgp_sym_decrypt(customer_contact, ?), ?), customer_contact_key = ? WHERE customer_contact_key = ?")) {
            back.setString(1, NEW_KEY);
            back.setString(2, OLD_KEY);
            back.setString(3, Contacts.fingerprint(OLD_KEY));
            back.setString(4, Contacts.fingerprint(NEW_KEY));
            back.executeUpdate();
            c.commit();
        }
    }
}
