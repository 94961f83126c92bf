package io.aiff.auth.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.aiff.auth.User;

import java.time.Instant;

/** A user as the API shows it: never the password hash. */
public record UserView(
        int id,
        String username,
        String email,
        String role,
        @JsonProperty("is_active") boolean active,
        Instant createdAt,
        Instant updatedAt) {

    public static UserView of(User user) {
        return new UserView(user.id, user.username, user.email, user.role, user.active,
                user.createdAt == null ? null : user.createdAt.toInstant(),
                user.updatedAt == null ? null : user.updatedAt.toInstant());
    }
}
