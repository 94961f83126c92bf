package io.aiff.gateway.admin;

import io.aiff.common.client.ServiceClient;
import io.aiff.gateway.config.GatewayConfig;
import io.aiff.gateway.ratelimit.RateLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/admin/retention/preview} (administrators only; docs/api.md "Data lifecycle"): what the next
 * retention run of every database-owning service would archive and purge, asked of each at request time with the
 * gateway's own client account ({@code retention:read}) and merged; a service that did not answer is named under
 * {@code unavailable}, the others still shown. Rate limited like any read.
 */
@Path("/api/admin/retention")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "admin", description = "Operator tasks across services (administrators only)")
public class RetentionPreviewResource {

    /** The upstreams that own a database, by the service name their previews carry. */
    static final Map<String, String> SERVICES = Map.of("auth", "auth-service", "tickets", "ticket-service",
            "teams", "team-service", "analytics", "analytics-service");

    private final ServiceClient client;
    private final GatewayConfig config;

    public RetentionPreviewResource(ServiceClient client, GatewayConfig config) {
        this.client = client;
        this.config = config;
    }

    /** The read rate limit in front of this route too (the proxied routes have theirs in their chain). */
    static void limit(@Observes Router router, RateLimits limits) {
        router.get("/api/admin/*").order(-1).handler(limits.step());
    }

    @GET
    @Path("/preview")
    @Operation(summary = "What the next retention run of each service would archive and purge now, by table and "
            + "month (counts only), each service asked now; unavailable names any that did not answer")
    public Uni<JsonObject> previewRetention() {
        List<Uni<JsonObject>> asks = new ArrayList<>();
        SERVICES.keySet().stream().sorted().forEach(upstream -> asks.add(ask(upstream)));
        return Uni.join().all(asks).andFailFast().map(answers -> {
            JsonArray services = new JsonArray();
            JsonArray unavailable = new JsonArray();
            answers.forEach(a -> (a.containsKey("items") ? services : unavailable).add(a));
            return new JsonObject().put("generated_at", Instant.now().toString()).put("services", services)
                    .put("unavailable", unavailable);
        });
    }

    /** One service's preview, or {@code {service, detail}} when it did not answer with one. */
    private Uni<JsonObject> ask(String upstream) {
        String service = SERVICES.get(upstream);
        GatewayConfig.Upstream target = config.upstreams().get(upstream);
        if (target == null || target.urls().isEmpty()) {
            return Uni.createFrom().item(new JsonObject().put("service", service).put("detail", "no upstream configured"));
        }
        URI base = target.urls().get(0);
        return client.get(base, "/internal/retention/preview")
                .map(reply -> reply.status() == 200 && reply.body() != null ? reply.body()
                        : new JsonObject().put("service", service).put("detail", "answered HTTP " + reply.status()))
                .onFailure().recoverWithItem(failure -> new JsonObject().put("service", service)
                        .put("detail", "did not answer"));
    }
}
