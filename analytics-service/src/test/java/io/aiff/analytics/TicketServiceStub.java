package io.aiff.analytics;

import io.aiff.common.testing.AuthServiceStub;
import io.aiff.common.testing.StubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ticket-service's export as analytics-service reads it, over HTTP (and auth-service's token endpoint for
 * analytics-service's own account): the stories of {@link Stories#day()} — the whole truth, whatever the stream
 * delivered — page by page, each page after {@link #delayMillis}; and the counts a test sets.
 */
public class TicketServiceStub implements QuarkusTestResourceLifecycleManager {

    public static volatile long delayMillis;
    /** The next this many export calls answer 503, as a ticket-service starting up would. */
    public static final AtomicInteger UNAVAILABLE = new AtomicInteger();
    /** What ticket-service would count per zone and day: {@code {"zone_id", "day", "created", "resolved", "closed"}}. */
    public static final List<JsonObject> COUNTS = new ArrayList<>();
    public static final List<JsonObject> EXTRA = new ArrayList<>();
    private StubServer server;

    /** Every ticket's events, in ticket order (assignment events go with their ticket). */
    static List<JsonArray> stories() {
        Map<Integer, JsonArray> byTicket = new LinkedHashMap<>();
        List<JsonObject> all = new ArrayList<>(Stories.day());
        synchronized (EXTRA) {
            all.addAll(EXTRA);
        }
        for (JsonObject e : all) {
            int ticket = e.getString("type").startsWith("assignment.") ? e.getJsonObject("data").getInteger("ticket_id")
                    : Integer.parseInt(e.getString("aggregate_id"));
            byTicket.computeIfAbsent(ticket, t -> new JsonArray()).add(e);
        }
        List<JsonArray> stories = new ArrayList<>();
        byTicket.forEach((ticket, events) -> stories.add(events));
        return stories;
    }

    @Override
    public Map<String, String> start() {
        server = StubServer.start(request -> {
            if (StubServer.tokenHandled(request)) {
                return;
            }
            var response = request.response();
            String path = request.path();
            if (path.equals("/internal/analytics/tickets") && UNAVAILABLE.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                response.setStatusCode(503).end("{}");
            } else if (path.equals("/internal/analytics/tickets")) {
                int limit = Integer.parseInt(request.getParam("limit", "50"));
                int from = Integer.parseInt(request.getParam("cursor", "0"));
                List<JsonArray> stories = stories();
                JsonArray items = new JsonArray();
                for (int i = from; i < Math.min(stories.size(), from + limit); i++) {
                    items.add(new JsonObject().put("ticket_id", i + 1).put("events", stories.get(i)));
                }
                String next = from + limit < stories.size() ? String.valueOf(from + limit) : null;
                server.vertx().setTimer(Math.max(1, delayMillis), id -> response.end(new JsonObject().put("items", items)
                        .put("next_cursor", next).encode()));
            } else if (path.equals("/internal/analytics/counts")) {
                synchronized (COUNTS) {
                    response.end(new JsonObject().put("items", new JsonArray(new ArrayList<>(COUNTS))).encode());
                }
            } else {
                response.setStatusCode(404).end("{}");
            }
        });
        return Map.of("aiff.analytics.ticket-service-url", server.url(), "aiff.client.auth-service-url", server.url(),
                "aiff.client.id", "analytics-service", "aiff.client.secret", AuthServiceStub.secretOf("analytics-service"),
                "aiff.analytics.rebuild-page", "2");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
