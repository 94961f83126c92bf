package io.aiff.analytics.events;

import io.aiff.analytics.TicketServiceStub;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A new consumer group knows nothing of what happened before it: its fill rebuilds from ticket-service's export, so
 * the numbers hold the tickets that existed before analytics-service first ran.
 */
@QuarkusTest
@TestProfile(FillTest.RebuildOnFill.class)
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "analytics"))
@WithTestResource(TicketServiceStub.class)
class FillTest {

    public static class RebuildOnFill implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aiff.analytics.rebuild-on-fill", "true");
        }
    }

    @Inject
    Pool db;

    @Test
    void theFirstStartRebuildsFromTheSource() throws InterruptedException {
        TicketServiceStub.delayMillis = 1;
        long deadline = System.currentTimeMillis() + 30_000;
        int completed = -1;
        while (System.currentTimeMillis() < deadline) {
            var response = given().auth().oauth2(TestTokens.admin()).when()
                    .get("/api/analytics/teams/7/performance?from=2026-11-02&to=2026-11-02").then().extract();
            if (response.statusCode() == 200 && (completed = response.<Integer>path("performance.tickets_completed")) == 2) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(2, completed, "ticket-service's tickets 1 and 2, resolved by team 7, without a single event on the stream");
        assertEquals("system", db.query("SELECT requested_by FROM rebuilds WHERE status = 'completed'").execute().await().indefinitely()
                .iterator().next().getString(0));
    }
}
