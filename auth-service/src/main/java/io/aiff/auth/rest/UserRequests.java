package io.aiff.auth.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of /api/users. */
public final class UserRequests {

    private UserRequests() {
    }

    @Schema(name = "UserCreate")
    public record Create(@NotNull @Size(max = 50) String username, @NotNull @Size(max = 100) String email,
                         @NotNull @Size(max = 1024) String password,
                         @Schema(enumeration = {"admin", "manager", "supervisor", "technician", "viewer"}) @Size(max = 20) String role) {
    }

    /** The merge patch of PATCH /api/users/{id} as documented (the resource reads the members itself). */
    @Schema(name = "UserPatch", description = "A JSON merge patch of a user: only these members, none of them null")
    public record Patch(@Schema(maxLength = 100) String email,
                        @Schema(enumeration = {"admin", "manager", "supervisor", "technician", "viewer"}) String role,
                        @JsonProperty("is_active") Boolean active) {
    }

    @Schema(name = "PasswordChange", description = "Your own password: current_password and new_password; "
            + "anyone's as an administrator: new_password")
    public record Password(@Size(max = 1024) String currentPassword, @NotNull @Size(max = 1024) String newPassword) {
    }
}
