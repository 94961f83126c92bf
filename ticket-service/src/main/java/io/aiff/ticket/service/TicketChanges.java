package io.aiff.ticket.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;

/** The fields a PATCH sets, merged and checked (status, assignment and zone change only through their own paths). */
public record TicketChanges(String title, String description, String priority, String category, String subcategory,
                            String location, Double lat, Double lon, OffsetDateTime dueDate, String customerName,
                            List<String> tags, JsonArray attachments, JsonObject customFields) {
}
