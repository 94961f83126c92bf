package io.aiff.ticket;

import io.agroal.api.AgroalDataSource;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.support.Sql;
import io.aiff.ticket.support.TeamServiceStub;
import io.aiff.ticket.support.Zones;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class SearchTest {

    @Inject
    AgroalDataSource db;

    private static int create(String zone, String title, String description, String customer) {
        Map<String, Object> body = new HashMap<>(Map.of("title", title, "zone", zone, "description", description));
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
        String penangSupervisor = TestTokens.scoped(25, "sup.penang2", "supervisor", List.of(Zones.PENANG_CREW),
                List.of(Zones.PENANG), List.of("Penang"));
        int mine = given().auth().oauth2(penangSupervisor).contentType(ContentType.JSON)
                .body(Map.of("title", "Seized " + own, "zone", "Penang")).when().post("/api/tickets").then()
                .statusCode(201).extract().path("id");
        // The Ipoh word is unknown in Penang, so it is a typo of the Penang word there.
        assertEquals(List.of(mine), search(penangSupervisor, elsewhere));
        assertEquals(List.of(), search(TestTokens.scoped(26, "tech.kuching", "technician", List.of(Zones.KUCHING_CREW),
                List.of(Zones.KUCHING), List.of("Kuching")), own));
    }

    /**
     * The function itself with a small candidate bound: the best of the newest 3 matches, whichever way they are
     * found (the newest 15 tickets walked back, the index, bucket by bucket, and older than the buckets).
     */
    @Test
    void broadQueriesRankOnlyTheNewestMatches() throws Exception {
        String word = "gearbox" + UUID.randomUUID().toString().substring(0, 6).replaceAll("[0-9-]", "g");
        List<Integer> ids = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            Sql.system(c, true);
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
            fill.setObject(1, firstId, Types.INTEGER);
            fill.setInt(2, count);
            fill.execute();
        }
    }

    /** A ticket in Penang; {@code id} null for the next one. */
    private static int insert(Connection c, Integer id, String title, String description) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO tickets (id, ticket_number, title, description, zone) "
                + "VALUES (coalesce(?, nextval('tickets_id_seq')), 'SRCH-' || nextval('ticket_number_seq'), ?, ?, 'Penang') RETURNING id")) {
            insert.setObject(1, id, Types.INTEGER);
            insert.setString(2, title);
            insert.setString(3, description);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static List<Integer> searchFunction(Connection c, String q) throws Exception {
        List<Integer> ids = new ArrayList<>();
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

    /**
     * Every cell of the visibility rule (docs/api.md): what search finds is exactly what row-level security lets the
     * caller list — the same SQL functions decide both.
     */
    @Test
    void searchReturnsExactlyWhatRowLevelSecurityLetsEachCallerRead() throws Exception {
        String word = "transformer" + UUID.randomUUID().toString().substring(0, 6).replaceAll("[0-9-]", "k");
        Set<Integer> created = new HashSet<>(List.of(create("Penang", "Noisy " + word, "Humming at night", null),
                create("Ipoh", "Leaking " + word, "Oil on the ground", null),
                create("Kuching", "Old " + word, "Needs inspection", null)));
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("scope:all (admin)", TestTokens.admin());
        callers.put("scope:all (viewer)", TestTokens.user(30, "viewer", "viewer"));
        callers.put("admin without scope:all", TestTokens.withPermissions(1, "admin", "admin", List.of("tickets:read")));
        callers.put("supervisor of Penang and Ipoh", TestTokens.scoped(22, "sup", "supervisor", List.of(Zones.PENANG_CREW),
                List.of(Zones.PENANG, Zones.IPOH), List.of("Penang", "Ipoh")));
        callers.put("technician of Ipoh", Zones.IPOH_TECH);
        callers.put("legacy token of Kuching (names only)", TestTokens.legacyScoped(26, "tech", "technician",
                List.of(Zones.KUCHING_CREW), List.of("Kuching")));
        callers.put("service with tickets:read", TestTokens.service("analytics-service", "tickets:read"));
        callers.put("technician without zones", TestTokens.scoped(24, "lost", "technician", List.of(), List.of(), List.of()));
        callers.put("anyone else", TestTokens.withPermissions(40, "contractor", "contractor", List.of("tickets:read")));
        Map<String, Integer> expected = Map.of("scope:all (admin)", 3, "scope:all (viewer)", 3, "admin without scope:all", 0,
                "supervisor of Penang and Ipoh", 2, "technician of Ipoh", 1, "legacy token of Kuching (names only)", 1,
                "service with tickets:read", 3, "technician without zones", 0, "anyone else", 0);
        for (var caller : callers.entrySet()) {
            Set<Integer> viaRls = new HashSet<>(listAll(caller.getValue()));
            viaRls.retainAll(created);
            Set<Integer> viaSearch = new HashSet<>(search(caller.getValue(), word));
            assertEquals(viaRls, viaSearch, caller.getKey());
            assertEquals(expected.get(caller.getKey()), viaSearch.size(), caller.getKey());
        }
    }

    /** Every ticket the caller can list, page by page. */
    private static List<Integer> listAll(String token) {
        List<Integer> ids = new ArrayList<>();
        String cursor = null;
        do {
            var page = given().auth().oauth2(token).queryParam("limit", 200).queryParam("cursor", cursor == null ? "" : cursor)
                    .when().get("/api/tickets").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id", Integer.class));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return ids;
    }

    /** Finding 7 of the security review: runs of NOTs overflowed the parser (a 500); any text is a 200. */
    @Test
    void anySearchTextIsAnswered() {
        Random random = new Random(7);
        String[] pieces = {"-", "- ", "(", ")", "\"", " or ", "a", "!", "&", "|", "<->", " ", "--", "(-", "-!", "-&", "-|", "-<"};
        List<String> inputs = new ArrayList<>(List.of("-".repeat(40), "(-".repeat(40), "- ".repeat(60) + "x",
                "cat " + "-".repeat(120) + "rat", "-!".repeat(40), "-&".repeat(40), "-|".repeat(40), "-<".repeat(40),
                "-!-&-|-<-:-(".repeat(16), "pump " + "-! ".repeat(50) + "valve"));
        for (int i = 0; i < 200; i++) {
            StringBuilder q = new StringBuilder();
            while (q.length() < 1 + random.nextInt(200)) {
                q.append(pieces[random.nextInt(pieces.length)]);
            }
            inputs.add(q.substring(0, Math.min(200, q.length())));
        }
        for (String q : inputs) {
            given().auth().oauth2(TestTokens.admin()).queryParam("q", q).when().get("/api/tickets/search").then()
                    .statusCode(q.isBlank() ? 400 : 200);
        }
    }
}
