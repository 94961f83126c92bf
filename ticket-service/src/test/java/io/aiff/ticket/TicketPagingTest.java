package io.aiff.ticket;

import io.agroal.api.AgroalDataSource;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.support.Sql;
import io.aiff.ticket.support.TeamServiceStub;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class TicketPagingTest {

    @Inject
    AgroalDataSource db;

    @BeforeEach
    void fiveTickets() throws Exception {
        try (Connection c = db.getConnection()) {
            // Row-level security: the test writes as the system scope, for this session only.
            Sql.system(c, false);
            c.createStatement().execute("DELETE FROM ticket_status_events");
            c.createStatement().execute("DELETE FROM tickets");
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO tickets (ticket_number, title, zone) VALUES (?, ?, 'Penang')")) {
                for (int i = 1; i <= 5; i++) {
                    insert.setString(1, "TKT-TEST-" + i);
                    insert.setString(2, "Ticket " + i);
                    insert.executeUpdate();
                }
            }
        }
    }

    @Test
    void cursorWalksEveryTicketOnceInIdOrder() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(TestTokens.admin()).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.when().get("/api/tickets").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.ticket_number"));
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null);
        assertEquals(List.of("TKT-TEST-1", "TKT-TEST-2", "TKT-TEST-3", "TKT-TEST-4", "TKT-TEST-5"), seen);
        assertEquals(3, pages);
    }

    @Test
    void lastPageHasNullCursor() {
        given().auth().oauth2(TestTokens.admin()).queryParam("limit", 200)
                .when().get("/api/tickets")
                .then().statusCode(200)
                .body("items.size()", equalTo(5))
                .body("next_cursor", nullValue());
    }

    @Test
    void tamperedCursorIsValidationProblem() {
        given().auth().oauth2(TestTokens.admin()).queryParam("cursor", "not-a-cursor")
                .when().get("/api/tickets")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void unknownTicketIsProblem404() {
        given().auth().oauth2(TestTokens.admin())
                .when().get("/api/tickets/999999")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }
}
