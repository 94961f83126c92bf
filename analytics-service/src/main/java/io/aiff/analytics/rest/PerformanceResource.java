package io.aiff.analytics.rest;

import io.aiff.analytics.DailyPerformance;
import io.aiff.analytics.TeamPerformance;
import io.aiff.analytics.ZonePerformance;
import io.aiff.analytics.service.Definitions;
import io.aiff.analytics.service.Period;
import io.aiff.analytics.service.PerformanceService;
import io.aiff.common.openapi.Docs;
import io.aiff.common.paging.Items;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Caller;
import io.aiff.common.web.QueryParams;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Team, zone and daily performance, live from the facts (definitions: {@code GET /api/analytics/definitions}).
 * Visibility rule ({@code docs/api.md}, "Who sees what"), analytics row: {@code analytics:read}; callers with
 * {@code scope:all} see every team and zone, supervisors the numbers of their zones' work, technicians hold no
 * {@code analytics:read}; a team or zone without numbers in the caller's reach is 404. Collections also answer
 * {@code Accept: text/csv} ({@link CsvWriter}).
 */
@Path("/api/analytics")
@PermissionsAllowed("analytics:read")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "performance", description = "Team and zone performance and daily numbers, live from ticket-service's events")
public class PerformanceResource {

    private static final String FROM = "First day of the period (YYYY-MM-DD, in the deployment's time zone); default: 29 days before to";
    private static final String TO = "Last day of the period, inclusive (YYYY-MM-DD); default: today";

    @Schema(name = "PerformanceDefinitions", description = "What each number means, versioned")
    public record DefinitionsView(int version, String timeZone, List<Definitions.Definition> definitions) {
    }

    @Schema(name = "TeamPerformancePeriod", description = "A team's numbers over the period from..to")
    public record TeamView(String from, String to, String timeZone, int definitionsVersion, TeamPerformance performance) {
    }

    @Schema(name = "ZonePerformancePeriod", description = "A zone's numbers over the period from..to")
    public record ZoneView(String from, String to, String timeZone, int definitionsVersion, ZonePerformance performance) {
    }

    private final PerformanceService performance;
    private final SecurityIdentity identity;

    public PerformanceResource(PerformanceService performance, SecurityIdentity identity) {
        this.performance = performance;
        this.identity = identity;
    }

    @GET
    @Path("/definitions")
    @Operation(summary = "The definition of every number, with the definitions' version and the time zone of days")
    public DefinitionsView getAnalyticsDefinitions() {
        return new DefinitionsView(Definitions.VERSION, performance.timeZone().getId(), Definitions.ALL);
    }

    @GET
    @Path("/teams")
    @Produces({MediaType.APPLICATION_JSON, Docs.CSV})
    @Operation(summary = "Every team with numbers in the caller's reach over the period, by team id")
    public Uni<Items<TeamPerformance>> listTeamAnalytics(@Parameter(description = FROM) @QueryParam("from") String from,
                                                            @Parameter(description = TO) @QueryParam("to") String to) {
        return performance.teams(caller(), performance.period(from, to)).map(Items::new);
    }

    @GET
    @Path("/teams/{id}/performance")
    @Operation(summary = "A team's numbers over the period (the original model's team_performance_summary and the rates)")
    public Uni<TeamView> getTeamAnalytics(@PathParam("id") int id,
                                            @Parameter(description = FROM) @QueryParam("from") String from,
                                            @Parameter(description = TO) @QueryParam("to") String to) {
        Period period = performance.period(from, to);
        return performance.team(caller(), id, period).map(team -> new TeamView(period.from().toString(),
                period.to().toString(), period.zone().getId(), Definitions.VERSION, team));
    }

    @GET
    @Path("/zones")
    @Produces({MediaType.APPLICATION_JSON, Docs.CSV})
    @Operation(summary = "Every zone with numbers in the caller's reach over the period, by zone id")
    public Uni<Items<ZonePerformance>> listZoneAnalytics(@Parameter(description = FROM) @QueryParam("from") String from,
                                                           @Parameter(description = TO) @QueryParam("to") String to) {
        return performance.zones(caller(), performance.period(from, to)).map(Items::new);
    }

    @GET
    @Path("/zones/{zone_id}")
    @Operation(summary = "A zone's numbers over the period (the original model's zone_performance_summary and the rates)")
    public Uni<ZoneView> getZoneAnalytics(@PathParam("zone_id") int zoneId,
                                            @Parameter(description = FROM) @QueryParam("from") String from,
                                            @Parameter(description = TO) @QueryParam("to") String to) {
        Period period = performance.period(from, to);
        return performance.zone(caller(), zoneId, period).map(zone -> new ZoneView(period.from().toString(),
                period.to().toString(), period.zone().getId(), Definitions.VERSION, zone));
    }

    @GET
    @Path("/daily")
    @Produces({MediaType.APPLICATION_JSON, Docs.CSV})
    @Operation(summary = "Per zone and day (or ISO week, or month), the original model's daily_performance_metrics")
    public Uni<Items<DailyPerformance>> listDailyAnalytics(
            @Parameter(description = FROM) @QueryParam("from") String from,
            @Parameter(description = TO) @QueryParam("to") String to,
            @Parameter(description = "Only this zone", schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("zone_id") String zoneId,
            @Parameter(description = "day (default), week (ISO, from Monday) or month", schema = @Schema(enumeration = {"day", "week", "month"}))
            @QueryParam("period") String unit) {
        Period period = performance.period(from, to);
        List<Integer> zone = QueryParams.ids("zone_id", zoneId);
        if (zone != null && zone.size() != 1) {
            throw ProblemException.badRequest("zone_id", "must be one zone id");
        }
        List<String> units = QueryParams.list("period", unit, PerformanceService.UNITS);
        if (units != null && units.size() > 1) {
            throw ProblemException.badRequest("period", "must be one of day, week, month");
        }
        return performance.daily(caller(), period, zone == null ? null : zone.get(0),
                units == null || units.isEmpty() ? "day" : units.get(0)).map(Items::new);
    }

    private Caller caller() {
        return Caller.of(identity);
    }
}
