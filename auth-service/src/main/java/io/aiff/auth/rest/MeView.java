package io.aiff.auth.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.aiff.auth.User;

import java.time.Instant;
import java.util.List;

/** The caller as {@code GET /api/auth/me} shows it: the account plus what the current token grants. */
public record MeView(int id, String username, String email, String role, List<String> permissions,
                     List<Integer> teamIds, List<Integer> zoneIds, List<String> zones,
                     @JsonProperty("is_active") boolean active, Instant createdAt) {

    public static MeView of(User user, List<String> permissions, List<Integer> teamIds, List<Integer> zoneIds,
                            List<String> zones) {
        return new MeView(user.id, user.username, user.email, user.role, permissions, teamIds, zoneIds, zones, user.active,
                user.createdAt == null ? null : user.createdAt.toInstant());
    }
}
