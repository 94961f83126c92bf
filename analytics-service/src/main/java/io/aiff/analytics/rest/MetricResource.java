package io.aiff.analytics.rest;

import io.aiff.analytics.repository.MetricRepository;
import io.aiff.common.openapi.Docs;
import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Page;
import io.aiff.common.paging.PageParams;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/analytics/metrics")
@PermissionsAllowed("analytics:read")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "analytics", description = "Recorded metrics")
public class MetricResource {

    private final MetricRepository metrics;

    public MetricResource(MetricRepository metrics) {
        this.metrics = metrics;
    }

    @GET
    @WithSession
    @Produces({MediaType.APPLICATION_JSON, Docs.CSV})
    @Operation(summary = "Recorded metrics in id order, cursor-paged")
    public Uni<Page<MetricView>> listMetrics(@BeanParam PageParams page) {
        int limit = page.limit();
        return metrics.pageAfter(page.afterId(), limit + 1)
                .map(rows -> Page.of(rows, limit, MetricView::of, m -> Cursors.encode(m.id)));
    }
}
