package io.aiff.ticket.service;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A list of tickets as asked for: filters (null means any), then the page. {@code customerContact} is the phone
 * number or e-mail as typed; it is matched through the keyed blind index, only among the tickets whose contact the
 * caller may see. {@code archived}: archived tickets too (else live ones only).
 */
public record TicketQuery(List<String> statuses, List<String> priorities, List<String> zoneNames, List<Integer> zoneIds,
                          List<Integer> teams, List<String> categories, List<String> tags, boolean allTags,
                          OffsetDateTime createdAfter, OffsetDateTime createdBefore, OffsetDateTime dueBefore, String sla,
                          OffsetDateTime updatedSince, String customerContact, boolean archived, int afterId, int limit) {
}
