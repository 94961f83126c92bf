package io.aiff.ticket;

import java.time.OffsetDateTime;

/** The response and resolution targets of one priority (table {@code sla_policies}), in minutes. */
public record SlaPolicy(String priority, int responseMinutes, int resolutionMinutes, int version,
                        OffsetDateTime updatedAt, String updatedBy) {
}
