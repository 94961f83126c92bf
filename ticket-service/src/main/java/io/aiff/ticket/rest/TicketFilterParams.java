package io.aiff.ticket.rest;

import io.aiff.common.paging.PageParams;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.web.QueryParams;
import io.aiff.ticket.service.TicketQuery;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The filters of {@code GET /api/tickets}, read by hand so that a bad one is a 400 naming it. */
public class TicketFilterParams {

    static final Set<String> STATUSES = Set.of(TicketRequests.STATUSES.split("\\|"));
    static final Set<String> PRIORITIES = Set.of(TicketRequests.PRIORITIES.split("\\|"));
    static final Set<String> CATEGORIES = Set.of(TicketRequests.CATEGORIES.split("\\|"));

    @QueryParam("status")
    @Parameter(description = "Statuses, comma-separated", schema = @Schema(type = SchemaType.ARRAY, pattern = TicketRequests.STATUSES))
    String status;
    @QueryParam("priority")
    @Parameter(description = "Priorities, comma-separated", schema = @Schema(type = SchemaType.ARRAY, pattern = TicketRequests.PRIORITIES))
    String priority;
    @QueryParam("zone")
    @Parameter(description = "Zone names, comma-separated (zone_id is the zone's identity; names are for display)",
            schema = @Schema(type = SchemaType.ARRAY))
    String zone;
    @QueryParam("zone_id")
    @Parameter(description = "Zone ids, comma-separated", schema = @Schema(type = SchemaType.ARRAY, implementation = Integer.class))
    String zoneId;
    @QueryParam("assigned_team")
    @Parameter(description = "Team ids, comma-separated", schema = @Schema(type = SchemaType.ARRAY, implementation = Integer.class))
    String assignedTeam;
    @QueryParam("category")
    @Parameter(description = "Categories, comma-separated", schema = @Schema(type = SchemaType.ARRAY, pattern = TicketRequests.CATEGORIES))
    String category;
    @QueryParam("tags")
    @Parameter(description = "Tags, comma-separated (case does not matter)", schema = @Schema(type = SchemaType.ARRAY))
    String tags;
    @QueryParam("tags_match")
    @Parameter(description = "Whether a ticket needs any of the tags or all of them (default any)",
            schema = @Schema(enumeration = {"any", "all"}, defaultValue = "any"))
    String tagsMatch;
    @QueryParam("created_after")
    @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    String createdAfter;
    @QueryParam("created_before")
    @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    String createdBefore;
    @QueryParam("due_before")
    @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    String dueBefore;
    @QueryParam("updated_since")
    @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    String updatedSince;
    @QueryParam("sla")
    @Parameter(description = "Only tickets at risk of breaching, or breached", schema = @Schema(enumeration = {"at_risk", "breached"}))
    String sla;
    @QueryParam("customer_contact")
    @Parameter(description = "A phone number or e-mail address (needs tickets:read_contact; limited per minute)")
    String customerContact;
    @QueryParam("archived")
    @Parameter(description = "true: archived tickets too (closed or cancelled longer than the retention period; "
            + "read-only, archived: true); default false, live tickets only", schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
    String archived;

    /** The query of one page: these filters, the page's position and size (one more row than shown: is there more?). */
    public TicketQuery query(PageParams page) {
        boolean all = switch (tagsMatch == null ? "any" : tagsMatch) {
            case "any" -> false;
            case "all" -> true;
            default -> throw ProblemException.badRequest("tags_match", "must be any or all");
        };
        if (sla != null && !sla.equals("at_risk") && !sla.equals("breached")) {
            throw ProblemException.badRequest("sla", "must be at_risk or breached");
        }
        List<String> tagList = QueryParams.list("tags", tags, null);
        return new TicketQuery(QueryParams.list("status", status, STATUSES), QueryParams.list("priority", priority, PRIORITIES),
                QueryParams.list("zone", zone, null), QueryParams.ids("zone_id", zoneId), QueryParams.ids("assigned_team", assignedTeam),
                QueryParams.list("category", category, CATEGORIES),
                tagList == null ? null : tagList.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList(), all,
                QueryParams.time("created_after", createdAfter), QueryParams.time("created_before", createdBefore),
                QueryParams.time("due_before", dueBefore), sla, QueryParams.time("updated_since", updatedSince),
                customerContact == null || customerContact.isBlank() ? null : customerContact,
                Boolean.TRUE.equals(QueryParams.bool("archived", archived)), page.afterId(), page.limit() + 1);
    }
}
