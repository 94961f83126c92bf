package io.aiff.team;

import io.aiff.common.db.retention.Retention;
import io.aiff.common.testing.AuthServiceStub;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** team-service's retention (docs/api.md "Data lifecycle"): published outbox rows past their keep time; once a day. */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "teams"))
@WithTestResource(AuthServiceStub.class)
class RetentionTest {

    @Inject
    Pool db;

    @Inject
    Retention retention;

    @Test
    void publishedEventsPastTheirKeepTimeGoOnceADay() {
        db.preparedQuery("INSERT INTO outbox (event_id, type, envelope, created_at, sent_at) VALUES (gen_random_uuid(), "
                + "'team.updated', '{}', now() - interval '3 hours', now() - interval '3 hours')").execute().await().indefinitely();
        given().auth().oauth2(TestTokens.service("gateway", "retention:read")).when().get("/internal/retention/preview")
                .then().statusCode(200).body("service", equalTo("team-service")).body("items.table", hasItem("outbox"));
        given().auth().oauth2(TestTokens.service("ticket-service", "teams:read")).when().get("/internal/retention/preview")
                .then().statusCode(403);

        LocalDate day = LocalDate.of(2001, 4, 1);
        assertNotNull(retention.run(day).await().indefinitely());
        assertNull(retention.run(day).await().indefinitely(), "once a day across replicas");
        assertEquals(0L, db.preparedQuery("SELECT count(*) FROM outbox WHERE sent_at < now() - interval '2 hours'").execute()
                .await().indefinitely().iterator().next().getLong(0));
        assertEquals(1L, db.preparedQuery("SELECT count(*) FROM outbox WHERE type = 'retention.completed' "
                        + "AND envelope -> 'data' ->> 'day' = $1").execute(Tuple.of(day.toString()))
                .await().indefinitely().iterator().next().getLong(0));
    }
}
