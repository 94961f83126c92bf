package io.aiff.auth.rest;

import io.aiff.auth.AuditEntry;
import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Page;
import io.aiff.common.paging.PageParams;
import io.aiff.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

@Path("/api/auth/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit", description = "The security audit log")
public class AuditResource {

    public record AuditView(long id, Instant occurredAt, String actor, String action, String target, String outcome,
                            String ip, Map<String, Object> details) {

        static AuditView of(AuditEntry e) {
            return new AuditView(e.id, e.occurredAt.toInstant(), e.actor, e.action, e.target, e.outcome, e.ip, e.details);
        }
    }

    @GET
    @WithSession
    @PermissionsAllowed("audit:read")
    @Operation(summary = "Audit lines, newest first, cursor-paged; filters action (comma list), actor, target, "
            + "outcome, since, until (RFC 3339)")
    public Uni<Page<AuditView>> listAudit(
            @BeanParam PageParams page,
            @Parameter(description = "Actions, comma-separated", schema = @Schema(type = SchemaType.ARRAY)) @QueryParam("action") String actions,
            @Parameter(description = "Who acted, e.g. user:12") @QueryParam("actor") String actor,
            @Parameter(description = "What it was done to, e.g. user:7") @QueryParam("target") String target,
            @Parameter(schema = @Schema(enumeration = {"success", "failure"})) @QueryParam("outcome") String outcome,
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("since") String since,
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("until") String until) {
        int limit = page.limit();
        long before = Cursors.decode(page.cursorText());
        // The query text is built from fixed fragments only; every value is bound.
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (before > 0) {
            where.add("id < :before");
            params.and("before", before);
        }
        if (actions != null && !actions.isBlank()) {
            where.add("action in :actions");
            params.and("actions", Arrays.stream(actions.split(",")).map(String::strip).toList());
        }
        if (actor != null && !actor.isBlank()) {
            where.add("actor = :actor");
            params.and("actor", actor);
        }
        if (target != null && !target.isBlank()) {
            where.add("target = :target");
            params.and("target", target);
        }
        if (outcome != null && !outcome.isBlank()) {
            where.add("outcome = :outcome");
            params.and("outcome", outcome);
        }
        if (since != null && !since.isBlank()) {
            where.add("occurredAt >= :since");
            params.and("since", time("since", since));
        }
        if (until != null && !until.isBlank()) {
            where.add("occurredAt < :until");
            params.and("until", time("until", until));
        }
        String query = where.isEmpty() ? "1 = 1" : String.join(" and ", where);
        return AuditEntry.<AuditEntry>find(query, Sort.descending("id"), params).range(0, limit).list()
                .map(rows -> Page.of(rows, limit, AuditView::of, e -> Cursors.encode(e.id)));
    }

    private static OffsetDateTime time(String field, String value) {
        try {
            return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "must be an RFC 3339 timestamp, e.g. 2026-11-25T08:30:00Z");
        }
    }
}
