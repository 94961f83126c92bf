package io.aiff.gateway;

import io.aiff.common.security.RedisKeys;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real-time stream: scoped delivery, exact resumption, and streams that end with their token. */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = {
        @ResourceArg(name = "service", value = "gateway"), @ResourceArg(name = "database", value = "false")})
@WithTestResource(UpstreamStubResource.class)
class EventsTest {

    @TestHTTPResource("/api/events")
    URL events;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<CompletableFuture<?>> open = new ArrayList<>();

    /** One received SSE event. */
    record Received(String id, String type, JsonObject data) {
    }

    /** A connected client, collecting what arrives. */
    final class Client {
        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        final CompletableFuture<HttpResponse<Void>> done;

        Client(String token, String lastEventId, String query) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(events + (query == null ? "" : "?" + query)))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            StringBuilder id = new StringBuilder();
            StringBuilder type = new StringBuilder();
            done = http.sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    if (line.startsWith("id: ")) {
                        id.setLength(0);
                        id.append(line.substring(4));
                    } else if (line.startsWith("event: ")) {
                        type.setLength(0);
                        type.append(line.substring(7));
                    } else if (line.startsWith("data: ")) {
                        received.add(new Received(id.toString(), type.toString(), new JsonObject(line.substring(6))));
                    }
                }

                @Override
                public void onError(Throwable throwable) {
                }

                @Override
                public void onComplete() {
                }
            }));
            open.add(done);
        }

        Received next() throws InterruptedException {
            return received.poll(3, TimeUnit.SECONDS);
        }

        List<String> ids(int count) throws InterruptedException {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Received event = next();
                assertTrue(event != null, "expected " + count + " events, got " + ids);
                ids.add(event.id());
            }
            return ids;
        }
    }

    @AfterEach
    void disconnect() {
        open.forEach(f -> f.cancel(true));
    }

    /** Zone ids of the tests' zones. */
    static final Map<String, Integer> ZONE_IDS = Map.of("Penang", 1, "Ipoh", 2, "Johor Bahru", 5);

    private String publish(String type, String zone, Integer teamId) {
        JsonObject envelope = new JsonObject().put("id", UUID.randomUUID().toString()).put("type", type)
                .put("source", "test").put("aggregate_id", "1").put("occurred_at", "2026-11-25T08:30:00Z")
                .put("zone_id", ZONE_IDS.get(zone)).put("zone", zone).put("team_id", teamId).put("data", new JsonObject())
                .put("version", 1);
        return redis.stream(String.class).xadd(keys.key("events"), Map.of("envelope", envelope.encode()));
    }

    private static String technician(int id, int team, String zone) {
        return TestTokens.scoped(id, "tech", "technician", List.of(team), List.of(ZONE_IDS.get(zone)), List.of(zone));
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(400); // let the clients' subscriptions reach the hub before publishing
    }

    /**
     * Every cell of the visibility rule (docs/api.md): an event reaches a client exactly when the client could read
     * its resource through the API — the resource's read permission, and for tickets (and assignments, analytics)
     * the zone, by id. A ticket of another zone assigned to the technician's team no longer reaches it (GET is 404).
     */
    @Test
    void eachClientReceivesExactlyWhatItMayRead() throws Exception {
        Client penangTech = new Client(technician(21, 4, "Penang"), null, null);
        Client ipohSupervisor = new Client(TestTokens.scoped(22, "sup", "supervisor", List.of(9), List.of(2), List.of("Ipoh")), null, null);
        Client admin = new Client(TestTokens.admin(), null, null);
        Client viewer = new Client(TestTokens.user(30, "viewer", "viewer"), null, null);
        Client ticketReader = new Client(TestTokens.service("analytics-service", "tickets:read"), null, null);
        Client legacyIpoh = new Client(TestTokens.legacyScoped(23, "old", "technician", List.of(9), List.of("Ipoh")), null, null);
        Client stranger = new Client(TestTokens.withPermissions(40, "odd", "contractor", List.of("tickets:read", "teams:read")), null, null);
        Client noScopeAll = new Client(TestTokens.withPermissions(41, "boss", "manager", List.of("tickets:read")), null, null);
        settle();
        String penang = publish("ticket.created", "Penang", 4);
        String ipoh = publish("ticket.status_changed", "Ipoh", 9);
        String johor = publish("ticket.created", "Johor Bahru", 12);
        String johorForPenangTeam = publish("ticket.assigned", "Johor Bahru", 4);
        String team = publish("team.status_changed", "Johor Bahru", 12);
        String analytics = publish("analytics.updated", "Penang", null);

        assertEquals(List.of(penang, team), penangTech.ids(2), "technician: its zones' tickets, every team");
        assertEquals(List.of(ipoh, team), ipohSupervisor.ids(2), "supervisor: its zones' tickets (and analytics), every team");
        assertEquals(List.of(penang, ipoh, johor, johorForPenangTeam, team, analytics), admin.ids(6), "scope:all: everything");
        assertEquals(List.of(penang, ipoh, johor, johorForPenangTeam, team, analytics), viewer.ids(6), "viewer holds scope:all");
        assertEquals(List.of(penang, ipoh, johor, johorForPenangTeam), ticketReader.ids(4), "service: what its permissions read");
        assertEquals(List.of(ipoh, team), legacyIpoh.ids(2), "tokens with zone names only: by name, for one release");
        assertEquals(List.of(team), stranger.ids(1), "anyone else: no ticket at all");
        assertEquals(List.of(), noScopeAll.ids(0));
        for (Client client : List.of(penangTech, ipohSupervisor, admin, viewer, ticketReader, legacyIpoh, stranger, noScopeAll)) {
            assertNull(client.received.poll(client == penangTech ? 500 : 50, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aMalformedEnvelopeDoesNotStopTheStream() throws Exception {
        Client client = new Client(technician(31, 4, "Penang"), null, null);
        settle();
        redis.stream(String.class).xadd(keys.key("events"), Map.of("envelope", "{\"type\": 5, \"zone\": [1]}"));
        String good = publish("ticket.created", "Penang", 4);
        assertEquals(List.of(good), client.ids(1));
    }

    @Test
    void eachCallerHoldsAtMostTenStreams() throws Exception {
        String token = TestTokens.user(77_777, "hoarder", "viewer");
        for (int i = 0; i < 10; i++) {
            new Client(token, null, null);
        }
        settle();
        given().auth().oauth2(token).when().get("/api/events").then().statusCode(429)
                .contentType("application/problem+json");
    }

    @Test
    void typesNarrowTheStream() throws Exception {
        Client teamsOnly = new Client(TestTokens.admin(), null, "types=team.*");
        settle();
        publish("ticket.created", "Penang", 4);
        String team = publish("team.updated", "Penang", 4);
        Received received = teamsOnly.next();
        assertEquals(team, received.id());
        assertEquals("team.updated", received.type());
        given().auth().oauth2(TestTokens.admin()).queryParam("types", "DROP TABLE").when().get("/api/events")
                .then().statusCode(400).body("errors[0].field", Matchers.equalTo("types"));
    }

    @Test
    void lastEventIdResumesWithoutGapsOrDuplicates() throws Exception {
        Client first = new Client(TestTokens.admin(), null, null);
        settle();
        String a = publish("ticket.created", "Penang", 4);
        String b = publish("ticket.updated", "Penang", 4);
        assertEquals(List.of(a, b), first.ids(2));
        first.done.cancel(true);

        String c = publish("ticket.updated", "Penang", 4);
        String d = publish("ticket.assigned", "Penang", 4);
        Client resumed = new Client(TestTokens.admin(), b, null);
        assertEquals(List.of(c, d), resumed.ids(2));
        settle();
        String e = publish("ticket.status_changed", "Penang", 4);
        assertEquals(List.of(e), resumed.ids(1));
        assertNull(resumed.received.poll(500, TimeUnit.MILLISECONDS));
    }

    @Test
    void streamEndsWhenItsTokenExpires() throws Exception {
        Client shortLived = new Client(TestTokens.expiringIn(2), null, null);
        HttpResponse<Void> ended = shortLived.done.get(6, TimeUnit.SECONDS);
        assertEquals(200, ended.statusCode());
    }

    @Test
    void streamNeedsAToken() {
        given().when().get("/api/events").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).header("Last-Event-ID", "yesterday").when().get("/api/events")
                .then().statusCode(400);
    }

    @Test
    void streamAnswersAsServerSentEvents() throws Exception {
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(events.toURI())
                        .header("Authorization", "Bearer " + TestTokens.expiringIn(2)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("retry: 3000", response.body().findFirst().orElse(""));
    }
}
