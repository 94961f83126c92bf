package io.aiff.team.rest;

import io.aiff.team.Team;
import io.aiff.team.repository.TeamRepository;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Request bodies of the team endpoints. */
public final class TeamRequests {

    static final String STATUSES = "available|busy|on_break|offline";
    /** Ticket categories (ticket-service's). */
    static final String CATEGORIES = "network|power|water|hardware|software|installation|maintenance|inspection|other";
    static final String CATEGORY_MESSAGE = "must be one of network, power, water, hardware, software, installation, maintenance, inspection, other";
    public static final int DEFAULT_CAPACITY = 10;

    private TeamRequests() {
    }

    /** {@code zone}: the name of an existing zone, which becomes the team's primary zone. */
    @Schema(name = "TeamCreate")
    public record Create(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 100) String zone,
                         @Size(max = 2000) String description,
                         @Pattern(regexp = STATUSES, message = "must be one of available, busy, on_break, offline") String status,
                         @Schema(description = "Most open assignments at once (default 10)") @Min(1) @Max(1000) Integer capacity,
                         @Schema(description = "Ticket categories the team takes (default: empty, any)")
                         @Size(max = 9) List<@NotNull @Pattern(regexp = CATEGORIES, message = CATEGORY_MESSAGE) String> categories) {
        TeamRepository.Fields fields() {
            return new TeamRepository.Fields(name.strip(), description, true, capacity == null ? DEFAULT_CAPACITY : capacity,
                    categories == null ? List.of() : categories.stream().distinct().sorted().toList());
        }
    }

    /** What a PATCH merges into: the performance columns are read-only here. */
    @Schema(name = "TeamPatch", description = "A JSON merge patch of a team (RFC 7396): name, description, is_active, "
            + "capacity, categories")
    public record Patch(@Schema(required = false) @NotBlank @Size(max = 100) String name,
                        @Schema(nullable = true) @Size(max = 2000) String description,
                        @Schema(required = false) @NotNull Boolean isActive,
                        @Schema(required = false) @NotNull @Min(1) @Max(1000) Integer capacity,
                        @Schema(required = false) @NotNull @Size(max = 9)
                        List<@NotNull @Pattern(regexp = CATEGORIES, message = CATEGORY_MESSAGE) String> categories) {
        static Patch of(Team team) {
            return new Patch(team.name(), team.description(), team.active(), team.capacity(), team.categories());
        }

        TeamRepository.Fields fields() {
            return new TeamRepository.Fields(name.strip(), description, isActive, capacity, categories.stream().distinct().sorted().toList());
        }
    }

    @Schema(name = "TeamStatusChange")
    public record Status(@NotNull @Pattern(regexp = STATUSES, message = "must be one of available, busy, on_break, offline") String status) {
    }

    @Schema(name = "TeamZoneLinkRequest")
    public record ZoneLink(@NotNull @Positive Integer zoneId, Boolean isPrimary) {
    }

    @Schema(name = "TeamZones")
    public record Zones(@NotNull @Size(min = 1, max = 100) List<@NotNull @Valid ZoneLink> zones) {
    }

    @Schema(name = "TeamMemberRequest")
    public record Member(@NotNull @Positive Integer userId,
                         @NotNull @Pattern(regexp = "lead|member", message = "must be lead or member") String roleInTeam) {
    }

    @Schema(name = "TeamMembers")
    public record Members(@NotNull @Size(max = 500) List<@NotNull @Valid Member> members) {
    }
}
