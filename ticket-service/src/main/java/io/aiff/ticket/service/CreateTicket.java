package io.aiff.ticket.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A new ticket as asked for (checked by the request's constraints). The zone is given by id, or by name; the
 * customer contact in plain text (the service encrypts it, and only a masked form and a blind index are readable).
 */
public record CreateTicket(String title, String description, String priority, String category, String subcategory,
                           Integer zoneId, String zoneName, String location, Double lat, Double lon,
                           OffsetDateTime dueDate, String customerName, String customerContact, List<String> tags,
                           JsonArray attachments, JsonObject customFields) {
}
