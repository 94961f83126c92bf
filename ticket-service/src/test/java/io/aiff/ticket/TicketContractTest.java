package io.aiff.ticket;

import io.aiff.common.testing.JsonBodyContract;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.PagedCollectionContract;
import io.aiff.common.testing.ServiceContractTest;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.support.TeamServiceStub;
import io.aiff.ticket.support.Zones;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class TicketContractTest extends ServiceContractTest implements PagedCollectionContract, JsonBodyContract {

    @Override
    protected String protectedPath() {
        return collectionPath();
    }

    @Override
    public String collectionPath() {
        return "/api/tickets";
    }

    @Override
    public String bodyMethod() {
        return "POST";
    }

    @Override
    public String bodyPath() {
        return "/api/tickets";
    }

    @Override
    public String bindableBody() {
        return "{\"title\": \"Pump failure\", \"zone_id\": " + Zones.PENANG + "}";
    }

    @Override
    public String textField() {
        return "title";
    }

    private static int ticket() {
        return given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body(Map.of("title", "Contract ticket", "zone_id", Zones.PENANG))
                .when().post("/api/tickets").then().statusCode(201).extract().path("id");
    }

    /** Finding 12: numbers were coerced (a rating of 4.9 stored as 4, "1" taken for a zone id). */
    @Test
    void numbersAreNeitherRoundedNorReadFromText() {
        int id = ticket();
        for (String body : new String[] {"{\"rating\": 4.9}", "{\"rating\": \"4\"}", "{\"rating\": true}"}) {
            given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(body)
                    .when().post("/api/tickets/" + id + "/rating").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("rating"));
        }
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{\"title\": \"x\", \"zone_id\": \"1\"}")
                .when().post("/api/tickets").then().statusCode(400).body("errors.field", hasItem("zone_id"));
    }

    /** Finding 9 on the other bodies: a rating, a transition and a merge patch with a key given twice. */
    @Test
    void everyBodyRefusesAKeyGivenTwice() {
        int id = ticket();
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{\"rating\": 4, \"rating\": 5}")
                .when().post("/api/tickets/" + id + "/rating").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("rating"));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{\"to\": \"cancelled\", \"to\": \"assigned\"}")
                .when().post("/api/tickets/" + id + "/transitions").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("to"));
        given().auth().oauth2(TestTokens.admin()).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body("{\"title\": \"a\", \"title\": \"b\"}")
                .when().patch("/api/tickets/" + id).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("title"));
        given().auth().oauth2(TestTokens.admin()).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body("{\"title\": 123}")
                .when().patch("/api/tickets/" + id).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("title"));
    }
}
