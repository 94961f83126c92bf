package io.aiff.ticket;

import io.agroal.api.AgroalDataSource;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
class SearchTest {

    @Inject
    AgroalDataSource db;

    private static int create(String zone, String title, String description, String customer) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("title", title, "zone", zone, "description", description));
        if (customer != null) {
            body.put("customer_name", customer);
        }
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/tickets").then().statusCode(201).extract().path("id");
    }

    private static List<Integer> search(String token, String q) {
        return given().auth().oauth2(token).queryParam("q", q).queryParam("limit", 100)
                .when().get("/api/tickets/search").then().statusCode(200).extract().path("items.id");
    }

    @Test
    void titleMatchesRankAboveDescriptionMatchesAndTyposStillFind() {
        String word = "xylophone" + UUID.randomUUID().toString().substring(0, 6).replaceAll("[0-9-]", "q");
        int inDescription = create("Penang", "Cable fault", "The " + word + " cabinet is damaged", null);
        int inTitle = create("Penang", "Broken " + word + " cabinet", "Reported by a neighbour", null);
        assertEquals(List.of(inTitle, inDescription), search(TestTokens.admin(), word));
        // Website-style input parses (quotes, minus) instead of failing.
        assertEquals(List.of(inTitle), search(TestTokens.admin(), "\"broken " + word + "\" -neighbourless"));
        // Typos: a customer name and a ticket number off by one character.
        int named = create("Penang", "Meter reading", "Quarterly", "Nurul Syahirah Binti Abdullah");
        assertTrue(search(TestTokens.admin(), "Nurul Syahirah Binti Abdullah").contains(named), "names are searchable");
        assertTrue(search(TestTokens.admin(), "Nurul Syahira Binti Abdulah").contains(named));
        // A misspelt title word is corrected from the vocabulary of titles and names.
        String misspelt = word.substring(0, 4) + word.substring(5);
        assertEquals(List.of(inTitle), search(TestTokens.admin(), "brokn " + misspelt));
        String number = given().auth().oauth2(TestTokens.admin()).when().get("/api/tickets/" + named).then().extract().path("ticket_number");
        assertTrue(search(TestTokens.admin(), number.substring(0, number.length() - 1)).contains(named));
        given().auth().oauth2(TestTokens.admin()).queryParam("q", "").when().get("/api/tickets/search").then()
                .statusCode(400).body("errors.field", hasItem("q"));
    }

    /** Corrections come from the words of the caller's zones only: words elsewhere neither show nor block them. */
    @Test
    void typoCorrectionsUseOnlyTheWordsOfTheCallersZones() {
        String base = "zorblax" + UUID.randomUUID().toString().substring(0, 6).replaceAll("[0-9-]", "z");
        String elsewhere = base + "ip";
        String own = base + "iq";
        create("Ipoh", "Seized " + elsewhere, "Behind the depot", null);
        String penangSupervisor = TestTokens.scoped(25, "sup.penang2", "supervisor", List.of(7), List.of("Penang"));
        int mine = given().auth().oauth2(penangSupervisor).contentType(ContentType.JSON)
                .body(Map.of("title", "Seized " + own, "zone", "Penang")).when().post("/api/tickets").then()
                .statusCode(201).extract().path("id");
        // The Ipoh word is unknown in Penang, so it is a typo of the Penang word there.
        assertEquals(List.of(mine), search(penangSupervisor, elsewhere));
        assertEquals(List.of(), search(TestTokens.scoped(26, "tech.kuching", "technician", List.of(8), List.of("Kuching")), own));
    }

    /**
     * The function itself with a small candidate bound: the best of the newest 3 matches, whichever way they are
     * found (the newest 15 tickets walked back, the index, bucket by bucket, and older than the buckets).
     */
    @Test
    void broadQueriesRankOnlyTheNewestMatches() throws Exception {
        String word = "gearbox" + UUID.randomUUID().toString().substring(0, 6).replaceAll("[0-9-]", "g");
        List<Integer> ids = new java.util.ArrayList<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("SELECT set_config('aiff.role', 'system', true)");
            // The oldest has the word in its title (ranks higher) but is not among the newest three matches.
            ids.add(insert(c, null, word + " noise", "Loud"));
            for (int i = 0; i < 4; i++) {
                ids.add(insert(c, null, "Noise " + i, "The " + word + " is loud"));
            }
            ids.add(insert(c, null, "Grinding " + word, "Loud"));
            assertEquals(List.of(ids.get(5), ids.get(4), ids.get(3)), searchFunction(c, word), "dense among the newest");
            fill(c, null, 60);
            assertEquals(List.of(ids.get(5), ids.get(4), ids.get(3)), searchFunction(c, word), "none recent: the index");
            int recent = insert(c, null, "Noise 5", "The " + word + " again");
            fill(c, null, 14);
            assertEquals(List.of(ids.get(5), recent, ids.get(4)), searchFunction(c, word), "sparse among the newest: buckets");
            // Far ahead: one match in the top bucket above 20 fillers (so the walk finds one), one in the eighth bucket
            // down (the last the bucket loop reads) and one just below it (read as older): those three, none twice.
            try (ResultSet max = c.createStatement().executeQuery("SELECT max(id) FROM tickets")) {
                max.next();
                int top = max.getInt(1) / 32768 + 10;
                int inEighth = (top - 7) * 32768;
                int older = inEighth - 1;
                insert(c, older, "Noise 7", "The " + word + " older");
                insert(c, inEighth, "Noise 8", "The " + word + " eighth");
                fill(c, top * 32768 + 1, 20);
                int far = insert(c, top * 32768 + 100, "Noise 9", "The " + word + " far ahead");
                assertEquals(List.of(far, inEighth, older), searchFunction(c, word), "8 buckets, then the older ones");
            }
            c.rollback();
        }
    }

    /** {@code count} tickets without the words searched for, from id {@code firstId} on (null: the next ids). */
    private static void fill(Connection c, Integer firstId, int count) throws Exception {
        try (PreparedStatement fill = c.prepareStatement("INSERT INTO tickets (id, ticket_number, title, zone) "
                + "SELECT coalesce(? + n, nextval('tickets_id_seq')), 'FILL-' || nextval('ticket_number_seq'), 'Filler', "
                + "'Penang' FROM generate_series(0, ? - 1) n")) {
            fill.setObject(1, firstId, java.sql.Types.INTEGER);
            fill.setInt(2, count);
            fill.execute();
        }
    }

    /** A ticket in Penang; {@code id} null for the next one. */
    private static int insert(Connection c, Integer id, String title, String description) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO tickets (id, ticket_number, title, description, zone) "
                + "VALUES (coalesce(?, nextval('tickets_id_seq')), 'SRCH-' || nextval('ticket_number_seq'), ?, ?, 'Penang') RETURNING id")) {
            insert.setObject(1, id, java.sql.Types.INTEGER);
            insert.setString(2, title);
            insert.setString(3, description);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static List<Integer> searchFunction(Connection c, String q) throws Exception {
        List<Integer> ids = new java.util.ArrayList<>();
        try (PreparedStatement search = c.prepareStatement("SELECT ticket_id FROM search.search_tickets(?, 10, 3)")) {
            search.setString(1, q);
            try (ResultSet rows = search.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getInt(1));
                }
            }
        }
        return ids;
    }

    @Test
    void searchReturnsExactlyWhatRowLevelSecurityLetsEachRoleRead() throws Exception {
        String word = "transformer" + UUID.randomUUID().toString().substring(0, 6).replaceAll("[0-9-]", "k");
        create("Penang", "Noisy " + word, "Humming at night", null);
        create("Ipoh", "Leaking " + word, "Oil on the ground", null);
        create("Kuching", "Old " + word, "Needs inspection", null);
        record Caller(String token, String role, String zones, boolean readAll) {
        }
        List<Caller> callers = List.of(
                new Caller(TestTokens.admin(), "admin", "[]", false),
                new Caller(TestTokens.user(30, "viewer", "viewer"), "viewer", "[]", false),
                new Caller(TestTokens.scoped(22, "sup", "supervisor", List.of(7), List.of("Penang", "Ipoh")), "supervisor", "[\"Penang\",\"Ipoh\"]", false),
                new Caller(TestTokens.scoped(23, "tech", "technician", List.of(9), List.of("Ipoh")), "technician", "[\"Ipoh\"]", false),
                new Caller(TestTokens.service("analytics-service", "tickets:read"), "service", "[]", true),
                new Caller(TestTokens.scoped(24, "lost", "technician", List.of(), List.of()), "technician", "[]", false));
        for (Caller caller : callers) {
            Set<Integer> viaRls = new HashSet<>();
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement scope = c.prepareStatement("SELECT set_config('aiff.role', ?, true), "
                        + "set_config('aiff.zones', ?, true), set_config('aiff.read_all', ?, true)")) {
                    scope.setString(1, caller.role());
                    scope.setString(2, caller.zones());
                    scope.setString(3, String.valueOf(caller.readAll()));
                    scope.execute();
                }
                try (PreparedStatement query = c.prepareStatement("SELECT id FROM tickets WHERE (setweight(to_tsvector('english', "
                        + "coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B') "
                        + "|| setweight(to_tsvector('english', coalesce(customer_name, '')), 'C')) "
                        + "@@ websearch_to_tsquery('english', ?)")) {
                    query.setString(1, word);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            viaRls.add(rows.getInt(1));
                        }
                    }
                }
                c.rollback();
            }
            Set<Integer> viaSearch = new HashSet<>(search(caller.token(), word));
            assertEquals(viaRls, viaSearch, caller.role() + " " + caller.zones());
        }
        assertFalse(search(callers.get(3).token(), word).isEmpty(), "the Ipoh technician finds the Ipoh ticket");
    }
}
