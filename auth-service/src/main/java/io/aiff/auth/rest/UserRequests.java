package io.aiff.auth.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of /api/users. */
public final class UserRequests {

    private UserRequests() {
    }

    public record Create(@NotNull @Size(max = 50) String username, @NotNull @Size(max = 100) String email,
                         @NotNull @Size(max = 1024) String password, @Size(max = 20) String role) {
    }

    public record Password(@Size(max = 1024) String currentPassword, @NotNull @Size(max = 1024) String newPassword) {
    }
}
