package io.aiff.analytics.client;

import io.aiff.analytics.config.AnalyticsConfig;
import io.aiff.common.client.ServiceClient;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * ticket-service's export as analytics-service reads it, with its own service token ({@link ServiceClient}): tickets'
 * stories page by page, and daily counts. Unreachable or failing: a 503 problem.
 */
@ApplicationScoped
public class TicketSource {

    /** A page of stories: each ticket's events (envelopes), and the cursor of the next page (null at the end). */
    public record Stories(List<List<JsonObject>> tickets, String nextCursor) {
    }

    /** One zone's counts on one day, as ticket-service counts them. */
    public record DayCounts(int zoneId, LocalDate day, long created, long resolved, long closed) {
    }

    private final ServiceClient client;
    private final AnalyticsConfig config;

    public TicketSource(ServiceClient client, AnalyticsConfig config) {
        this.client = client;
        this.config = config;
    }

    public Uni<Stories> stories(String cursor, int limit) {
        String query = "/internal/analytics/tickets?limit=" + limit + (cursor == null ? "" : "&cursor=" + encode(cursor));
        return client.get(config.ticketServiceUrl(), query).map(reply -> {
            JsonObject body = ok(reply);
            List<List<JsonObject>> tickets = new ArrayList<>();
            for (Object item : body.getJsonArray("items", new JsonArray())) {
                List<JsonObject> events = new ArrayList<>();
                ((JsonObject) item).getJsonArray("events", new JsonArray()).forEach(e -> events.add((JsonObject) e));
                tickets.add(events);
            }
            return new Stories(tickets, body.getString("next_cursor"));
        });
    }

    public Uni<List<DayCounts>> counts(Instant from, Instant to, String timeZone) {
        String query = "/internal/analytics/counts?from=" + encode(from.toString()) + "&to=" + encode(to.toString())
                + "&time_zone=" + encode(timeZone);
        return client.get(config.ticketServiceUrl(), query).map(reply -> {
            List<DayCounts> counts = new ArrayList<>();
            for (Object item : ok(reply).getJsonArray("items", new JsonArray())) {
                JsonObject c = (JsonObject) item;
                counts.add(new DayCounts(c.getInteger("zone_id"), LocalDate.parse(c.getString("day")), c.getLong("created"),
                        c.getLong("resolved"), c.getLong("closed")));
            }
            return counts;
        });
    }

    private static JsonObject ok(ServiceClient.Reply reply) {
        if (reply.status() != 200 || reply.body() == null) {
            // A 4xx here is this service's fault (a permission its client lacks): the caller can only try later.
            throw ServiceClient.unavailable("ticket-service");
        }
        return reply.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
