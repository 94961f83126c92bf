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
        assertTrue(search(TestTokens.admin(), "Nurul Syahira Binti Abdulah").contains(named));
        String number = given().auth().oauth2(TestTokens.admin()).when().get("/api/tickets/" + named).then().extract().path("ticket_number");
        assertTrue(search(TestTokens.admin(), number.substring(0, number.length() - 1)).contains(named));
        given().auth().oauth2(TestTokens.admin()).queryParam("q", "").when().get("/api/tickets/search").then()
                .statusCode(400).body("errors.field", hasItem("q"));
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
                        + "coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')) "
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
