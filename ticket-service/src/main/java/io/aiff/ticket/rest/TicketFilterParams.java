package io.aiff.ticket.rest;

import io.aiff.common.paging.PageParams;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.web.QueryParams;
import io.aiff.ticket.service.TicketQuery;
import jakarta.ws.rs.QueryParam;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The filters of {@code GET /api/tickets}, read by hand so that a bad one is a 400 naming it. */
public class TicketFilterParams {

    static final Set<String> STATUSES = Set.of(TicketRequests.STATUSES.split("\\|"));
    static final Set<String> PRIORITIES = Set.of(TicketRequests.PRIORITIES.split("\\|"));
    static final Set<String> CATEGORIES = Set.of(TicketRequests.CATEGORIES.split("\\|"));

    @QueryParam("status") String status;
    @QueryParam("priority") String priority;
    @QueryParam("zone") String zone;
    @QueryParam("zone_id") String zoneId;
    @QueryParam("assigned_team") String assignedTeam;
    @QueryParam("category") String category;
    @QueryParam("tags") String tags;
    @QueryParam("tags_match") String tagsMatch;
    @QueryParam("created_after") String createdAfter;
    @QueryParam("created_before") String createdBefore;
    @QueryParam("due_before") String dueBefore;
    @QueryParam("updated_since") String updatedSince;
    @QueryParam("sla") String sla;
    @QueryParam("customer_contact") String customerContact;

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
                QueryParams.list("zone", zone, null), ids("zone_id", zoneId), ids("assigned_team", assignedTeam),
                QueryParams.list("category", category, CATEGORIES),
                tagList == null ? null : tagList.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList(), all,
                QueryParams.time("created_after", createdAfter), QueryParams.time("created_before", createdBefore),
                QueryParams.time("due_before", dueBefore), sla, QueryParams.time("updated_since", updatedSince),
                customerContact == null || customerContact.isBlank() ? null : customerContact,
                page.afterId(), page.limit() + 1);
    }

    private static List<Integer> ids(String name, String value) {
        List<String> values = QueryParams.list(name, value, null);
        if (values == null) {
            return null;
        }
        try {
            return values.stream().map(Integer::valueOf).toList();
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name, "must be ids");
        }
    }
}
