package io.aiff.gateway.admin;

import io.aiff.common.client.ServiceClient;
import io.aiff.gateway.config.GatewayConfig;
import io.aiff.gateway.ratelimit.RateLimits;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/admin/retention/preview} ({@code system:admin}: administrators; docs/api.md "Data lifecycle"): what the next
 * retention run of every database-owning service would archive and purge, asked of each at request time with the
 * gateway's own client account ({@code retention:read}) and merged; a service that did not answer is named under
 * {@code unavailable}, the others still shown. Rate limited like any read.
 */
@Path("/api/admin/retention")
@Produces(MediaType.APPLICATION_JSON)
@PermissionsAllowed(RetentionPreviewResource.PERMISSION)
@Tag(name = "admin", description = "Operator tasks across services (administrators only)")
public class RetentionPreviewResource {

    /** What an operator task across services needs (admin holds it). */
    static final String PERMISSION = "system:admin";

    @Schema(name = "RetentionPreviews", description = "Every database-owning service's retention preview, asked now")
    public record Previews(Instant generatedAt,
                           @Schema(description = "Each service's preview: service, generated_at, items (table, action, keep, month, rows)")
                           List<Map<String, Object>> services,
                           @Schema(description = "Services that did not answer, with why") List<Unavailable> unavailable) {
    }

    public record Unavailable(String service, String detail) {
    }

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
            + "month (counts only), each service asked now with the gateway's own client account; unavailable names "
            + "any that did not answer. Needs system:admin")
    @APIResponse(responseCode = "200", description = "The previews",
            content = @Content(schema = @Schema(implementation = Previews.class)))
    public Uni<Previews> previewRetention() {
        List<Uni<JsonObject>> asks = new ArrayList<>();
        SERVICES.keySet().stream().sorted().forEach(upstream -> asks.add(ask(upstream)));
        return Uni.join().all(asks).andFailFast().map(answers -> {
            List<Map<String, Object>> services = new ArrayList<>();
            List<Unavailable> unavailable = new ArrayList<>();
            for (JsonObject answer : answers) {
                if (answer.containsKey("items")) {
                    services.add(answer.getMap());
                } else {
                    unavailable.add(new Unavailable(answer.getString("service"), answer.getString("detail")));
                }
            }
            return new Previews(Instant.now(), services, unavailable);
        });
    }

    /** One service's preview from the first of its instances that answers, or {@code {service, detail}}. */
    private Uni<JsonObject> ask(String upstream) {
        String service = SERVICES.get(upstream);
        GatewayConfig.Upstream target = config.upstreams().get(upstream);
        List<URI> instances = target == null ? List.of() : target.urls();
        return ask(service, instances, 0);
    }

    private Uni<JsonObject> ask(String service, List<URI> instances, int index) {
        if (index >= instances.size()) {
            return Uni.createFrom().item(new JsonObject().put("service", service)
                    .put("detail", instances.isEmpty() ? "no upstream configured" : "did not answer"));
        }
        return client.get(instances.get(index), "/internal/retention/preview")
                .map(reply -> reply.status() == 200 && reply.body() != null ? reply.body()
                        : new JsonObject().put("service", service).put("detail", "answered HTTP " + reply.status()))
                .onFailure().recoverWithUni(failure -> ask(service, instances, index + 1));
    }
}
