package io.aiff.common.db.retention;

import io.aiff.common.security.Caller;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /internal/retention/preview} of every service that owns a database (docs/api.md "Data lifecycle"): what
 * its next retention run would archive and purge, by table and month. Service tokens holding {@code retention:read}
 * only (a user token is 403 whatever its permissions): the gateway's {@code GET /api/admin/retention/preview} asks
 * each service with its own client account and merges the answers. Counts only, never rows: nothing in scope leaks.
 */
@Path("/internal/retention")
@Produces(MediaType.APPLICATION_JSON)
@PermissionsAllowed(RetentionResource.READ)
@Tag(name = "internal", description = "For the suite's own services (service tokens); not routed by the gateway")
public class RetentionResource {

    public static final String READ = "retention:read";

    private final Retention retention;
    private final SecurityIdentity identity;

    public RetentionResource(Retention retention, SecurityIdentity identity) {
        this.retention = retention;
        this.identity = identity;
    }

    @GET
    @Path("/preview")
    @Operation(summary = "What the next retention run would archive and purge now, by table and month (rows), with "
            + "what each table keeps; the run checks every row again when it runs")
    public Uni<Retention.Preview> previewRetention() {
        if (!Caller.of(identity).service()) {
            throw new ForbiddenException();
        }
        return retention.preview();
    }
}
