package io.aiff.analytics.rest;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Metrics other services record (analytics:write, data_source the caller), read by the visibility rule. */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "analytics"))
class MetricsTest {

    static final String REPORTS = TestTokens.service("reports", "analytics:read", "analytics:write");
    static final String SUPERVISOR = TestTokens.scoped(40, "sam", "supervisor", List.of(11), List.of(4), List.of("Ipoh"));

    private static Map<String, Object> metric(String name, String zone) {
        Map<String, Object> body = new HashMap<>(Map.of("metric_name", name, "metric_type", "efficiency", "metric_value", 87.5,
                "metric_unit", "percentage", "team_id", 11, "period_start", "2026-11-01T00:00:00Z",
                "period_end", "2026-11-30T23:59:59Z", "metadata", Map.of("method", "survey"), "tags", List.of("monthly")));
        if (zone != null) {
            body.put("zone", zone);
        }
        return body;
    }

    private static int record(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/api/analytics/metrics")
                .then().statusCode(201).header("Location", containsString("/api/analytics/metrics/")).extract().path("id");
    }

    @Test
    void aServiceRecordsAMetricUnderItsOwnName() {
        String name = "utilisation-" + UUID.randomUUID();
        int id = record(REPORTS, metric(name, "Ipoh"));
        given().auth().oauth2(TestTokens.admin()).when().get("/api/analytics/metrics/" + id).then().statusCode(200)
                .body("metric_name", equalTo(name)).body("data_source", equalTo("client:reports"))
                .body("metric_value", equalTo(87.5f)).body("metadata.method", equalTo("survey")).body("tags", equalTo(List.of("monthly")))
                .body("confidence_score", equalTo(1.0f));
        // A retry with the same key is the same metric, recorded once.
        String key = UUID.randomUUID().toString();
        int first = given().auth().oauth2(REPORTS).header("Idempotency-Key", key).contentType(ContentType.JSON).body(metric(name, "Ipoh"))
                .when().post("/api/analytics/metrics").then().statusCode(201).extract().path("id");
        given().auth().oauth2(REPORTS).header("Idempotency-Key", key).contentType(ContentType.JSON).body(metric(name, "Ipoh"))
                .when().post("/api/analytics/metrics").then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(first));
        assertEquals(2, given().auth().oauth2(TestTokens.admin()).queryParam("metric_name", name).when().get("/api/analytics/metrics")
                .then().statusCode(200).extract().<List<Object>>path("items").size());
    }

    @Test
    void badMetricsAreRefusedNamingTheField() {
        List<Map.Entry<String, Object>> bads = List.of(Map.entry("metric_type", "speed"), Map.entry("metric_value", 1.234),
                Map.entry("confidence_score", 1.5), Map.entry("metric_name", ""), Map.entry("period_end", "2026-10-01T00:00:00Z"));
        for (Map.Entry<String, Object> bad : bads) {
            Map<String, Object> body = metric("bad", null);
            body.put(bad.getKey(), bad.getValue());
            given().auth().oauth2(REPORTS).contentType(ContentType.JSON).body(body).when().post("/api/analytics/metrics").then()
                    .statusCode(400).contentType(containsString("application/problem+json"))
                    .body(containsString(bad.getKey()));
        }
        Map<String, Object> withSource = metric("spoofed", null);
        withSource.put("data_source", "system");
        given().auth().oauth2(REPORTS).contentType(ContentType.JSON).body(withSource).when().post("/api/analytics/metrics").then()
                .statusCode(400);
    }

    @Test
    void theListFiltersByNameTypeTeamZoneAndPeriod() {
        String name = "first-fix-" + UUID.randomUUID();
        int ipoh = record(REPORTS, metric(name, "Ipoh"));
        Map<String, Object> other = metric(name, "Klang");
        other.put("metric_type", "satisfaction");
        other.put("team_id", 7);
        other.put("period_start", "2026-10-01T00:00:00Z");
        other.put("period_end", "2026-10-31T00:00:00Z");
        int klang = record(REPORTS, other);
        String admin = TestTokens.admin();
        assertEquals(List.of(ipoh, klang), ids(admin, Map.of("metric_name", name)));
        assertEquals(List.of(klang), ids(admin, Map.of("metric_name", name, "metric_type", "satisfaction")));
        assertEquals(List.of(ipoh), ids(admin, Map.of("metric_name", name, "team_id", "11")));
        assertEquals(List.of(klang), ids(admin, Map.of("metric_name", name, "zone", "Klang")));
        assertEquals(List.of(ipoh), ids(admin, Map.of("metric_name", name, "from", "2026-11-10T00:00:00Z", "to", "2026-11-11T00:00:00Z")));
        given().auth().oauth2(admin).queryParam("metric_type", "speed").when().get("/api/analytics/metrics").then().statusCode(400)
                .body("errors[0].field", equalTo("metric_type"));
        given().auth().oauth2(admin).queryParam("from", "yesterday").when().get("/api/analytics/metrics").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
    }

    /** Visibility rule, analytics row: scope:all every metric, a supervisor its zones', technicians none; writing: analytics:write. */
    @Test
    void eachRoleSeesAndRecordsWhatTheRuleGivesIt() {
        String name = "rule-" + UUID.randomUUID();
        int ipoh = record(TestTokens.admin(), metric(name, "Ipoh"));
        int klang = record(REPORTS, metric(name, "Klang"));
        int none = record(REPORTS, metric(name, null));
        for (String all : List.of(TestTokens.user(30, "vera", "viewer"), TestTokens.user(31, "mona", "manager"), REPORTS)) {
            assertEquals(List.of(ipoh, klang, none), ids(all, Map.of("metric_name", name)));
        }
        assertEquals(List.of(ipoh), ids(SUPERVISOR, Map.of("metric_name", name)));
        given().auth().oauth2(SUPERVISOR).when().get("/api/analytics/metrics/" + klang).then().statusCode(404);
        given().auth().oauth2(SUPERVISOR).when().get("/api/analytics/metrics/" + none).then().statusCode(404);
        given().auth().oauth2(SUPERVISOR).when().get("/api/analytics/metrics/" + ipoh).then().statusCode(200);
        String technician = TestTokens.scoped(41, "tia", "technician", List.of(11), List.of(4), List.of("Ipoh"));
        given().auth().oauth2(technician).when().get("/api/analytics/metrics").then().statusCode(403);
        for (String reader : List.of(SUPERVISOR, technician, TestTokens.user(30, "vera", "viewer"), TestTokens.user(31, "mona", "manager"),
                TestTokens.service("dashboards", "analytics:read"))) {
            given().auth().oauth2(reader).contentType(ContentType.JSON).body(metric(name, "Ipoh")).when().post("/api/analytics/metrics")
                    .then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(metric(name, "Ipoh")).when().post("/api/analytics/metrics").then().statusCode(401);
        given().auth().oauth2(TestTokens.admin()).accept("text/csv").queryParam("metric_name", name).when().get("/api/analytics/metrics")
                .then().statusCode(200).body(containsString("\"{\"\"method\"\":\"\"survey\"\"}\"")).body(not(containsString("=")));
    }

    private static List<Integer> ids(String token, Map<String, String> query) {
        return given().auth().oauth2(token).queryParams(query).when().get("/api/analytics/metrics").then().statusCode(200)
                .extract().path("items.id");
    }
}
