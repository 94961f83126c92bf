package io.aiff.auth;

import io.aiff.common.db.retention.Retention;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Audit retention (docs/api.md "Data lifecycle"): entries older than a year go, newer stay; the run is audited. */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "auth"))
class AuditRetentionTest {

    @Inject
    Pool db;

    @Inject
    Retention retention;

    private long count(String sql, Tuple parameters) {
        return db.preparedQuery(sql).execute(parameters).await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void entriesOlderThanAYearArePurgedAndTheRunIsAudited() {
        OffsetDateTime old = OffsetDateTime.parse("2024-02-10T08:00:00Z");
        db.preparedQuery("INSERT INTO auth_audit (occurred_at, actor, action, target) SELECT $1, 'user:1', 'login', 'retention-' || n "
                + "FROM generate_series(1, 3) n").execute(Tuple.of(old)).await().indefinitely();
        db.preparedQuery("INSERT INTO auth_audit (occurred_at, actor, action, target) VALUES (now() - interval '300 days', 'user:1', "
                + "'login', 'retention-recent')").execute().await().indefinitely();

        JsonPath preview = given().auth().oauth2(TestTokens.service("gateway", "retention:read"))
                .when().get("/internal/retention/preview").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = preview.getList("items");
        assertTrue(items.stream().anyMatch(i -> "auth_audit".equals(i.get("table")) && "2024-02".equals(i.get("month"))
                && ((Number) i.get("rows")).intValue() >= 3), items.toString());
        given().auth().oauth2(TestTokens.admin()).when().get("/internal/retention/preview").then().statusCode(403);

        LocalDate day = LocalDate.of(2001, 3, 1);
        Retention.Run run = retention.run(day).await().indefinitely();
        assertNotNull(run);
        assertEquals(0, count("SELECT count(*) FROM auth_audit WHERE target LIKE 'retention-%' AND occurred_at < now() - interval '1 year'",
                Tuple.tuple()));
        assertEquals(1, count("SELECT count(*) FROM auth_audit WHERE target = 'retention-recent'", Tuple.tuple()));
        assertEquals(1, count("SELECT count(*) FROM auth_audit WHERE action = 'retention_completed' AND target = $1",
                Tuple.of("retention:" + day)));
    }
}
