package io.aiff.analytics.rest;

import io.aiff.analytics.Metric;
import io.aiff.analytics.repository.MetricRepository;
import io.aiff.analytics.service.MetricService;
import io.aiff.common.openapi.Docs;
import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Page;
import io.aiff.common.paging.PageParams;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Caller;
import io.aiff.common.web.Idempotency;
import io.aiff.common.web.QueryParams;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * The original model's {@code analytics} metrics. Visibility rule (docs/api.md), analytics row: {@code analytics:read};
 * with {@code scope:all} every metric, a supervisor those of its zones (the seed's zone name; a metric without one is
 * for callers who see everything), technicians none; recording needs {@code analytics:write}.
 */
@Path("/api/analytics/metrics")
@PermissionsAllowed("analytics:read")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "analytics", description = "Recorded metrics")
public class MetricResource {

    private final MetricService metrics;
    private final Idempotency idempotency;
    private final SecurityIdentity identity;

    public MetricResource(MetricService metrics, Idempotency idempotency, SecurityIdentity identity) {
        this.metrics = metrics;
        this.idempotency = idempotency;
        this.identity = identity;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Docs.CSV})
    @Operation(summary = "Recorded metrics in id order, cursor-paged; filtered by name, type, team, zone and a period "
            + "(from..to, RFC 3339) their own period overlaps")
    public Uni<Page<MetricView>> listMetrics(@BeanParam PageParams page,
                                             @QueryParam("metric_name") String name,
                                             @Parameter(schema = @Schema(enumeration = {"performance", "efficiency", "satisfaction"}))
                                             @QueryParam("metric_type") String type,
                                             @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("team_id") String teamId,
                                             @QueryParam("zone") String zone,
                                             @Parameter(description = "RFC 3339") @QueryParam("from") String from,
                                             @Parameter(description = "RFC 3339") @QueryParam("to") String to) {
        int limit = page.limit();
        List<String> types = QueryParams.list("metric_type", type, Set.copyOf(Metric.TYPES));
        List<Integer> teams = QueryParams.ids("team_id", teamId);
        if (types != null && types.size() > 1 || teams != null && teams.size() > 1) {
            throw ProblemException.badRequest(types != null && types.size() > 1 ? "metric_type" : "team_id", "takes one value");
        }
        OffsetDateTime start = QueryParams.time("from", from);
        OffsetDateTime end = QueryParams.time("to", to);
        var filter = new MetricRepository.Filter(blankToNull(name), types == null ? null : types.get(0),
                teams == null ? null : teams.get(0), blankToNull(zone), start, end);
        return metrics.page(Caller.of(identity), filter, page.afterId(), limit + 1)
                .map(rows -> Page.of(rows, limit, MetricView::of, m -> Cursors.encode(m.id())));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One recorded metric")
    public Uni<MetricView> getMetric(@PathParam("id") int id) {
        return metrics.get(Caller.of(identity), id).map(MetricView::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @PermissionsAllowed("analytics:write")
    @Operation(summary = "Record a metric of one's own (201): data_source is the caller; Idempotency-Key makes a retry safe")
    @APIResponse(responseCode = "201", description = "The metric as recorded", content = @Content(schema = @Schema(implementation = MetricView.class)))
    public Uni<Response> recordMetric(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @Valid @NotNull MetricRequest body) {
        if (body.periodStart() != null && body.periodEnd() != null && body.periodEnd().isBefore(body.periodStart())) {
            throw ProblemException.badRequest("period_end", "is before period_start");
        }
        Caller caller = Caller.of(identity);
        Metric metric = new Metric(0, body.metricName(), body.metricType(), body.metricValue(), body.metricUnit(), body.teamId(),
                body.zone(), body.userId(), null, body.periodStart(), body.periodEnd(),
                body.metadata() == null ? null : new JsonObject(body.metadata()), body.tags(), body.confidenceScore(), null);
        return idempotency.run(caller.actor(), "POST /api/analytics/metrics", idempotencyKey, body, () -> metrics.record(caller, metric)
                .map(recorded -> Response.created(URI.create("/api/analytics/metrics/" + recorded.id())).entity(MetricView.of(recorded)).build()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
