package io.aiff.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole suite, as a mobile app sees it: everything through the gateway. */
class EndToEndIT {

    static Suite suite;
    static String gateway;

    @BeforeAll
    static void startEverything() throws Exception {
        suite = new Suite().start();
        gateway = suite.url("gateway");
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        System.out.println("Time to ready since launch (ms): " + suite.startMillis());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (suite != null) {
            suite.close();
            // The administrator's password must never reach a log line.
            for (Path log : suite.logs()) {
                Assertions.assertFalse(Files.readString(log).contains(Suite.ADMIN_PASSWORD),
                        "admin password in " + log);
            }
        }
    }

    static String login() {
        return given().baseUri(gateway).contentType(ContentType.JSON)
                .body("{\"username\": \"admin\", \"password\": \"" + Suite.ADMIN_PASSWORD + "\"}")
                .when().post("/api/auth/login")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .extract().path("access_token");
    }

    @Test
    void logInAndReadMeThroughTheGatewayWithRequestId() {
        String token = login();
        Response me = given().baseUri(gateway).auth().oauth2(token).header("X-Request-Id", "e2e-me-1")
                .when().get("/api/auth/me");
        me.then().statusCode(200)
                .header("X-Request-Id", "e2e-me-1")
                .body("username", equalTo("admin"))
                .body("role", equalTo("admin"));
        assertEquals(1, me.headers().getValues("X-Request-Id").size());
    }

    @Test
    void gatewayGeneratesARequestIdWhenNoneIsSent() {
        given().baseUri(gateway).auth().oauth2(login())
                .when().get("/api/auth/me")
                .then().statusCode(200).header("X-Request-Id", notNullValue());
    }

    @Test
    void everyServiceAcceptsTheIssuedTokenThroughItsJwks() {
        String token = login();
        for (String path : new String[] {"/api/tickets", "/api/teams", "/api/zones", "/api/analytics/metrics"}) {
            given().baseUri(gateway).auth().oauth2(token)
                    .when().get(path)
                    .then().statusCode(200).body("items", notNullValue());
        }
    }

    @Test
    void servicesCheckTokensThemselvesWhenCalledDirectly() {
        given().baseUri(suite.url("ticket-service")).when().get("/api/tickets")
                .then().statusCode(401).contentType("application/problem+json");
        given().baseUri(suite.url("ticket-service")).auth().oauth2(login()).when().get("/api/tickets")
                .then().statusCode(200);
    }

    @Test
    void validationProblemComesBackThroughTheGatewayWithTheSameRequestId() {
        given().baseUri(gateway).header("X-Request-Id", "e2e-bad-1").contentType(ContentType.JSON)
                .body("{\"username\": \"\", \"password\": \"x\"}")
                .when().post("/api/auth/login")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .header("X-Request-Id", "e2e-bad-1")
                .body("request_id", equalTo("e2e-bad-1"))
                .body("errors.field", hasItem("username"));
    }

    @Test
    void missingTokenIsRefusedByTheGatewayWithProblem() {
        given().baseUri(gateway).when().get("/api/tickets")
                .then().statusCode(401)
                .header("WWW-Authenticate", notNullValue())
                .contentType("application/problem+json");
    }

    @Test
    void loggedOutTokenIsRefusedThroughTheGatewayAndDirectlyWithinFiveSeconds() throws InterruptedException {
        String token = login();
        given().baseUri(gateway).auth().oauth2(token).when().get("/api/tickets").then().statusCode(200);
        given().baseUri(suite.url("team-service")).auth().oauth2(token).when().get("/api/teams").then().statusCode(200);
        given().baseUri(gateway).auth().oauth2(token).when().post("/api/auth/logout").then().statusCode(204);
        long loggedOut = System.nanoTime();
        boolean gatewayRefuses = false;
        boolean serviceRefuses = false;
        while (!(gatewayRefuses && serviceRefuses)) {
            assertTrue(System.nanoTime() - loggedOut < 5_000_000_000L, "token still accepted 5 s after logout");
            gatewayRefuses = given().baseUri(gateway).auth().oauth2(token).when().get("/api/tickets")
                    .then().extract().statusCode() == 401;
            serviceRefuses = given().baseUri(suite.url("team-service")).auth().oauth2(token).when().get("/api/teams")
                    .then().extract().statusCode() == 401;
            Thread.sleep(100);
        }
    }

    @Test
    void deactivatingAUserKillsTheirLiveTokens() throws InterruptedException {
        String admin = login();
        int id = given().baseUri(gateway).auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"username\":\"e2e-leaver\",\"email\":\"leaver@example.com\","
                        + "\"password\":\"a-long-enough-passphrase\",\"role\":\"technician\"}")
                .when().post("/api/users").then().statusCode(201).extract().path("id");
        String token = given().baseUri(gateway).contentType(ContentType.JSON)
                .body("{\"username\":\"e2e-leaver\",\"password\":\"a-long-enough-passphrase\"}")
                .when().post("/api/auth/login").then().statusCode(200).extract().path("access_token");
        given().baseUri(gateway).auth().oauth2(token).when().get("/api/tickets").then().statusCode(200);
        given().baseUri(gateway).auth().oauth2(admin).when().delete("/api/users/" + id).then().statusCode(204);
        long deactivated = System.nanoTime();
        while (given().baseUri(gateway).auth().oauth2(token).when().get("/api/tickets").then().extract().statusCode() != 401) {
            assertTrue(System.nanoTime() - deactivated < 5_000_000_000L, "token still accepted 5 s after deactivation");
            Thread.sleep(100);
        }
    }

    @Test
    void aTechniciansTokenCarriesTheTeamsAndZonesTeamServiceKnows() throws InterruptedException {
        String admin = login();
        int zone = given().baseUri(gateway).auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"E2E Kuching\",\"region\":\"Sarawak\",\"coordinates\":{\"lat\":1.55,\"lon\":110.36},"
                        + "\"coverage_area\":[{\"lat\":1.45,\"lon\":110.26},{\"lat\":1.45,\"lon\":110.46},{\"lat\":1.65,\"lon\":110.46}]}")
                .when().post("/api/zones").then().statusCode(201).extract().path("id");
        int team = given().baseUri(gateway).auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"name\":\"E2E Kuching Crew\",\"zone\":\"E2E Kuching\"}")
                .when().post("/api/teams").then().statusCode(201).extract().path("id");
        int user = given().baseUri(gateway).auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"username\":\"e2e-tech\",\"email\":\"e2e-tech@example.com\","
                        + "\"password\":\"a-long-enough-passphrase\",\"role\":\"technician\"}")
                .when().post("/api/users").then().statusCode(201).extract().path("id");
        // team-service asks auth-service, with its own client token, whether the users exist.
        given().baseUri(gateway).auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"members\":[{\"user_id\":" + user + ",\"role_in_team\":\"member\"},{\"user_id\":987654,\"role_in_team\":\"member\"}]}")
                .when().put("/api/teams/" + team + "/members").then().statusCode(400);
        given().baseUri(gateway).auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"members\":[{\"user_id\":" + user + ",\"role_in_team\":\"member\"}]}")
                .when().put("/api/teams/" + team + "/members").then().statusCode(200);
        // auth-service asks team-service for the scope at login.
        String token = given().baseUri(gateway).contentType(ContentType.JSON)
                .body("{\"username\":\"e2e-tech\",\"password\":\"a-long-enough-passphrase\"}")
                .when().post("/api/auth/login").then().statusCode(200).extract().path("access_token");
        given().baseUri(gateway).auth().oauth2(token).when().get("/api/auth/me").then().statusCode(200)
                .body("team_ids", equalTo(List.of(team))).body("zone_ids", equalTo(List.of(zone)))
                .body("zones", equalTo(List.of("E2E Kuching")));
        given().baseUri(gateway).auth().oauth2(token).contentType(ContentType.JSON).body("{\"status\":\"busy\"}")
                .when().post("/api/teams/" + team + "/status").then().statusCode(200).body("status", equalTo("busy"));
        // ticket-service knows the zone by id (from team-service: its events, or asked when still unknown) ...
        int ticket = given().baseUri(gateway).auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"title\":\"Cabinet door open\",\"zone_id\":" + zone + "}")
                .when().post("/api/tickets").then().statusCode(201).body("zone", equalTo("E2E Kuching")).extract().path("id");
        given().baseUri(gateway).auth().oauth2(admin).contentType(ContentType.JSON).body("{\"title\":\"x\",\"zone\":\"E2E Nowhere\"}")
                .when().post("/api/tickets").then().statusCode(400).body("errors.field", Matchers.hasItem("zone"));
        // ... so a renamed zone keeps its tickets in the technician's scope, and the shown name follows.
        given().baseUri(gateway).auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body("{\"name\":\"E2E Kuching Town\"}").when().patch("/api/zones/" + zone).then().statusCode(200);
        long renamed = System.nanoTime();
        while (!"E2E Kuching Town".equals(given().baseUri(gateway).auth().oauth2(token).when().get("/api/tickets/" + ticket)
                .then().statusCode(200).extract().path("zone"))) {
            assertTrue(System.nanoTime() - renamed < 10_000_000_000L, "the new zone name did not reach the ticket within 10 s");
            Thread.sleep(100);
        }
    }

    @Test
    void clientCredentialsTokenIsAcceptedByAnotherServiceWithinItsPermissions() {
        String token = given().baseUri(gateway).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("client_id", "ticket-service")
                .formParam("client_secret", Suite.TICKET_CLIENT_SECRET)
                .when().post("/api/auth/token").then().statusCode(200).extract().path("access_token");
        given().baseUri(suite.url("team-service")).auth().oauth2(token).when().get("/api/teams").then().statusCode(200);
        given().baseUri(suite.url("team-service")).auth().oauth2(token).when().get("/api/zones").then().statusCode(200);
        given().baseUri(suite.url("analytics-service")).auth().oauth2(token).when().get("/api/analytics/metrics")
                .then().statusCode(403).contentType("application/problem+json");
    }

    /** A generated client (from the published document, in this module's build) runs a technician's day. */
    /** docs/api.md "Data lifecycle": the gateway asks every service with its own client account and merges the answers. */
    @Test
    void anAdministratorSeesWhatEveryServicesRetentionWouldDo() {
        given().baseUri(gateway).auth().oauth2(login()).when().get("/api/admin/retention/preview").then().statusCode(200)
                .body("services.service", containsInAnyOrder("auth-service", "ticket-service", "team-service", "analytics-service"))
                .body("unavailable", empty());
    }

    /** The service's own build in maintenance mode runs the owner's maintenance beside the running service and exits. */
    @Test
    void aMaintenanceRunIsTheServicesOwnBuildAndExits() throws Exception {
        Path log = Path.of("target", "e2e-logs", "team-service-maintain.log").toAbsolutePath();
        assertEquals(0, suite.maintain("team-service", log), "exit code; see " + log);
        String output = Files.readString(log);
        assertTrue(output.contains("Maintenance: restore point") && output.contains("Maintenance done"), output);
        assertFalse(output.contains("Event consumer"), "a maintenance run consumes nothing");
        given().baseUri(suite.url("team-service")).auth().oauth2(login()).when().get("/api/teams").then().statusCode(200);
    }

    @Test
    void aTechniciansDayThroughTheGeneratedClient() throws Exception {
        new TechniciansDay(gateway).run(Suite.ADMIN_PASSWORD);
    }

    /** What each running service documents is what its build wrote, and the gateway serves the document built from those. */
    @Test
    void everyLiveDocumentIsTheBuiltOne() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String service : Suite.services()) {
            String live = service.equals("gateway")
                    ? given().baseUri(gateway).when().get("/api/openapi").then().statusCode(200).extract().asString()
                    : given().baseUri(suite.managementUrl(service)).accept("application/json").when().get("/q/openapi")
                            .then().statusCode(200).extract().asString();
            JsonNode served = json.readTree(live);
            JsonNode built = json.readTree(Files.readString(suite.builtDocument(service)));
            if (service.equals("gateway")) {
                assertEquals(gateway, served.path("servers").path(0).path("url").asText(), "servers: the public URL");
            }
            ((ObjectNode) served).remove("servers");
            ((ObjectNode) built).remove("servers");
            List<String> differences = new ArrayList<>();
            differences(built, served, "", differences);
            assertEquals(List.of(), differences, service + ": the live document is the built one");
        }
    }

    /** Where two JSON trees differ, as JSON pointers (the first 20). */
    static void differences(JsonNode a, JsonNode b, String at, List<String> found) {
        if (found.size() >= 20 || a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                differences(a.path(name), b.path(name), at + "/" + name, found);
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                differences(a.get(i), b.get(i), at + "/" + i, found);
            }
        } else {
            found.add(at + ": built " + a + ", served " + b);
        }
    }

    @Test
    void oneOpenApiDocumentCoversEveryService() {
        given().baseUri(gateway).when().get("/api/openapi").then().statusCode(200)
                .body("paths", Matchers.hasKey("/api/auth/login"))
                .body("paths", Matchers.hasKey("/api/users/{id}"))
                .body("paths", Matchers.hasKey("/api/tickets"))
                .body("paths", Matchers.hasKey("/api/zones"))
                .body("paths", Matchers.hasKey("/api/analytics/metrics"))
                .body("paths", Matchers.hasKey("/api/events"))
                .body("paths", Matchers.hasKey("/api/sync"))
                .body("paths", Matchers.not(Matchers.hasKey("/internal/teams/scope/{userId}")));
    }

    @Test
    void jsonIsGzippedForTheClient() {
        given().baseUri(gateway).auth().oauth2(login()).header("Accept-Encoding", "gzip")
                .when().get("/api/auth/me")
                .then().statusCode(200).header("Content-Encoding", "gzip").body("username", equalTo("admin"));
    }
}
