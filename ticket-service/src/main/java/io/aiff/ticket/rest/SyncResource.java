package io.aiff.ticket.rest;

import io.aiff.common.openapi.Docs;
import io.aiff.common.security.Caller;
import io.aiff.common.security.TokenClaims;
import io.aiff.common.web.QueryParams;
import io.aiff.common.web.Versions;
import io.aiff.ticket.service.Scope;
import io.aiff.ticket.service.SyncService;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * {@code GET /api/sync}: a technician's phone keeps its tickets current with it. Follows the reads column of the rule
 * (docs/api.md, "Who sees what"): exactly the tickets GET would answer the caller, contacts masked.
 */
@Path("/api/sync")
@PermissionsAllowed("tickets:read")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync", description = "Offline sync: everything that changed for the caller since its cursor")
public class SyncResource {

    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 500;

    @Schema(name = "SyncItem", description = "A ticket (type ticket: data) or one of its assignments (type assignment, "
            + "with assignments:read: assignment) as it now is (kind upsert, with its etag), or a tombstone (kind "
            + "tombstone: reason deleted, out_of_scope or archived): remove it from the device")
    public record ItemView(@Schema(enumeration = {"ticket", "assignment"}) String type, int id,
                           @Schema(enumeration = {"upsert", "tombstone"}) String kind, TicketView data,
                           AssignmentView assignment, String etag,
                           @Schema(enumeration = {SyncService.DELETED, SyncService.OUT_OF_SCOPE, SyncService.ARCHIVED}) String reason) {
        static ItemView of(SyncService.Item item) {
            String type = item.assignmentItem() ? "assignment" : "ticket";
            if (item.ticket() != null) {
                return new ItemView(type, item.id(), "upsert", TicketView.of(item.ticket()), null, Versions.etag(item.ticket().version()), null);
            }
            if (item.assignment() != null) {
                return new ItemView(type, item.id(), "upsert", null, AssignmentView.of(item.assignment()),
                        Versions.etag(item.assignment().version()), null);
            }
            return new ItemView(type, item.id(), "tombstone", null, null, null, item.reason());
        }
    }

    @Schema(name = "SyncPage", description = "One page of a sync. next_cursor is on every page, the last included: "
            + "keep it and poll with it; has_more says whether to ask again right away (a documented exception to the "
            + "collection rule of docs/api.md)")
    public record PageView(List<ItemView> items, String nextCursor, boolean hasMore) {
    }

    private final SyncService sync;
    private final SecurityIdentity identity;

    public SyncResource(SyncService sync, SecurityIdentity identity) {
        this.sync = sync;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "What changed for the caller since the cursor, in commit order; without a cursor, a snapshot of "
            + "every ticket the caller may read, page by page, then the changes since it began. 410 when the caller's "
            + "scope changed since the cursor was issued, or the cursor is older than the change log keeps (30 days): "
            + "sync again without a cursor")
    @APIResponse(responseCode = "200", description = "A page", content = @Content(schema = @Schema(implementation = PageView.class)))
    @APIResponse(responseCode = "410", description = "Sync again without a cursor (reason: scope_changed or expired)",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = Docs.GONE_PROBLEM)))
    public Uni<PageView> syncTickets(
            @Parameter(description = "The next_cursor of the last page; absent for a full sync") @QueryParam("cursor") String cursor,
            @Parameter(description = "Items per page, 1–500 (default 200)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "200"))
            @QueryParam("limit") String limit) {
        Scope scope = Scope.of(Caller.of(identity));
        return sync.page(scope, TokenClaims.sessionOf(identity), cursor == null || cursor.isBlank() ? null : cursor,
                        QueryParams.integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT))
                .map(page -> new PageView(page.items().stream().map(ItemView::of).toList(), page.nextCursor(), page.hasMore()));
    }
}
