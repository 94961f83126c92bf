package io.aiff.ticket.dispatch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The decision itself, a pure function of a policy and the inputs as recorded ({@link Inputs}): every candidate team
 * is checked against each hard rule (pass or fail, with a reason code and the value behind it) and, when it passes
 * all, graded on each objective — raw value, grade (raw mapped linearly from worst = 0 to best = 1, clamped), weight,
 * contribution (weight × grade) — and ranked by total, ties to the lowest team id. Numbers are fixed-scale decimals
 * (written as strings: grades, weights, contributions and totals with 6 places, distances in km with 3) and distances
 * use {@link StrictMath}, so the same inputs give the same decision, bit for bit, on any machine: a replay is this
 * function run again on what was stored.
 */
public final class Dispatcher {

    /** Grades, weights, contributions and totals. */
    static final int SCALE = 6;
    static final BigDecimal NEUTRAL = new BigDecimal("0.5");
    private static final double EARTH_RADIUS_KM = 6371.0088;

    private Dispatcher() {
    }

    /** What the decision is made on: the ticket and each candidate team, as JSON (stored as such and replayed). */
    public record Inputs(JsonObject ticket, List<JsonObject> teams) {

        public JsonObject json() {
            return new JsonObject().put("ticket", ticket).put("teams", new JsonArray(new ArrayList<>(teams)));
        }

        public static Inputs of(JsonObject json) {
            List<JsonObject> teams = new ArrayList<>();
            json.getJsonArray("teams", new JsonArray()).forEach(t -> teams.add((JsonObject) t));
            return new Inputs(json.getJsonObject("ticket"), teams);
        }
    }

    /** The ticket's facts: id, version, zone_id, priority, category, and the point dispatch measures from. */
    public static JsonObject ticket(int id, int version, Integer zoneId, String priority, String category, Double lat, Double lon,
                                    String pointFrom) {
        return new JsonObject().put("id", id).put("version", version).put("zone_id", zoneId).put("priority", priority)
                .put("category", category).put("lat", coordinate(lat)).put("lon", coordinate(lon)).put("point_from", pointFrom);
    }

    /**
     * A candidate's facts, with the directory versions they were read at: completion rate and customer rating are
     * null until analytics provides them (then graded neutral, 0.5, and recorded as such).
     */
    public static JsonObject team(int teamId, int teamVersion, boolean active, String status, int capacity, int open,
                                  List<String> categories, boolean servesZone, boolean coversPoint, Integer primaryZoneId,
                                  Integer primaryZoneVersion, Double centreLat, Double centreLon,
                                  BigDecimal completionRate, BigDecimal customerRating) {
        return new JsonObject().put("team_id", teamId).put("team_version", teamVersion).put("is_active", active).put("status", status)
                .put("capacity", capacity).put("open_assignments", open).put("categories", new JsonArray(List.copyOf(categories)))
                .put("serves_zone", servesZone).put("covers_point", coversPoint).put("primary_zone_id", primaryZoneId)
                .put("primary_zone_version", primaryZoneVersion).put("centre_lat", coordinate(centreLat))
                .put("centre_lon", coordinate(centreLon))
                .put("completion_rate", completionRate == null ? null : Canonical.decimal(completionRate))
                .put("customer_rating", customerRating == null ? null : Canonical.decimal(customerRating));
    }

    private static BigDecimal coordinate(Double value) {
        return value == null ? null : Canonical.decimal(value);
    }

    /** The evaluation of every candidate and the choice, as stored. */
    public static JsonObject decide(DispatchPolicy policy, Inputs inputs) {
        JsonObject ticket = inputs.ticket();
        List<JsonObject> teams = new ArrayList<>(inputs.teams());
        teams.sort(Comparator.comparingInt(t -> t.getInteger("team_id")));
        List<JsonObject> evaluated = new ArrayList<>();
        List<JsonObject> passing = new ArrayList<>();
        for (JsonObject team : teams) {
            JsonArray rules = new JsonArray();
            boolean passes = true;
            for (String rule : policy.rules()) {
                JsonObject checked = rule(rule, team);
                passes &= checked.getBoolean("pass");
                rules.add(checked);
            }
            JsonObject candidate = new JsonObject().put("team_id", team.getInteger("team_id")).put("rules", rules)
                    .put("eligible", passes);
            if (passes) {
                JsonArray objectives = new JsonArray();
                BigDecimal total = BigDecimal.ZERO.setScale(SCALE);
                for (DispatchPolicy.Objective objective : policy.objectives()) {
                    BigDecimal raw = raw(objective.name(), ticket, team);
                    BigDecimal grade = raw == null ? NEUTRAL.setScale(SCALE) : grade(raw, objective);
                    BigDecimal contribution = objective.weight().multiply(grade).setScale(SCALE, RoundingMode.HALF_EVEN);
                    total = total.add(contribution);
                    objectives.add(new JsonObject().put("name", objective.name()).put("raw", raw == null ? null : raw.toPlainString())
                            .put("neutral", raw == null).put("grade", grade.toPlainString())
                            .put("weight", objective.weight().setScale(SCALE, RoundingMode.HALF_EVEN).toPlainString())
                            .put("contribution", contribution.toPlainString()));
                }
                candidate.put("objectives", objectives).put("total", total.toPlainString());
                passing.add(candidate);
            }
            evaluated.add(candidate);
        }
        passing.sort(Comparator.<JsonObject, BigDecimal>comparing(c -> new BigDecimal(c.getString("total"))).reversed()
                .thenComparingInt(c -> c.getInteger("team_id")));
        for (int i = 0; i < passing.size(); i++) {
            passing.get(i).put("rank", i + 1);
        }
        Integer chosen = passing.isEmpty() ? null : passing.get(0).getInteger("team_id");
        return new JsonObject().put("candidates", new JsonArray(new ArrayList<>(evaluated))).put("chosen_team_id", chosen)
                .put("outcome", chosen == null ? "no_candidate" : "chosen")
                .put("tie_break", "highest total, then the lowest team id");
    }

    private static JsonObject rule(String rule, JsonObject team) {
        return switch (rule) {
            case DispatchPolicy.TEAM_ACTIVE -> checked(rule, team.getBoolean("is_active"), "inactive", team.getBoolean("is_active"));
            case DispatchPolicy.TEAM_AVAILABLE -> checked(rule, "available".equals(team.getString("status")),
                    "status_" + team.getString("status"), team.getString("status"));
            case DispatchPolicy.SERVES_ZONE -> checked(rule, team.getBoolean("serves_zone") || team.getBoolean("covers_point"),
                    "zone_not_served", new JsonObject().put("serves_zone", team.getBoolean("serves_zone"))
                            .put("covers_point", team.getBoolean("covers_point")));
            case DispatchPolicy.BELOW_CAPACITY -> checked(rule, team.getInteger("open_assignments") < team.getInteger("capacity"),
                    "at_capacity", team.getInteger("open_assignments") + "/" + team.getInteger("capacity"));
            default -> throw new IllegalArgumentException(rule);
        };
    }

    private static JsonObject checked(String rule, boolean pass, String reason, Object value) {
        return new JsonObject().put("rule", rule).put("pass", pass).put("reason", pass ? null : reason).put("value", value);
    }

    /** The raw value of an objective; null when there is none to grade (neutral). */
    static BigDecimal raw(String objective, JsonObject ticket, JsonObject team) {
        return switch (objective) {
            case DispatchPolicy.DISTANCE_KM -> distanceKm(ticket, team);
            case DispatchPolicy.LOAD -> BigDecimal.valueOf(team.getInteger("open_assignments"))
                    .divide(BigDecimal.valueOf(Math.max(1, team.getInteger("capacity"))), SCALE, RoundingMode.HALF_EVEN);
            case DispatchPolicy.COMPLETION_RATE -> decimal(team.getValue("completion_rate"));
            case DispatchPolicy.CUSTOMER_RATING -> decimal(team.getValue("customer_rating"));
            case DispatchPolicy.CATEGORY_MATCH -> categoryMatch(ticket.getString("category"), team.getJsonArray("categories"));
            default -> throw new IllegalArgumentException(objective);
        };
    }

    /** 1 when the team names the ticket's category, 0.5 when it takes any (names none), 0 when it names others. */
    private static BigDecimal categoryMatch(String category, JsonArray categories) {
        if (categories == null || categories.isEmpty()) {
            return NEUTRAL;
        }
        return category != null && categories.contains(category) ? BigDecimal.ONE : BigDecimal.ZERO;
    }

    private static BigDecimal decimal(Object value) {
        return value instanceof Number n ? Canonical.decimal(n) : null;
    }

    /** Great-circle distance from the ticket's point to the team's primary zone centre (km, 3 places). */
    static BigDecimal distanceKm(JsonObject ticket, JsonObject team) {
        BigDecimal lat1 = decimal(ticket.getValue("lat"));
        BigDecimal lon1 = decimal(ticket.getValue("lon"));
        BigDecimal lat2 = decimal(team.getValue("centre_lat"));
        BigDecimal lon2 = decimal(team.getValue("centre_lon"));
        if (lat1 == null || lon1 == null || lat2 == null || lon2 == null) {
            return null;
        }
        double p1 = StrictMath.toRadians(lat1.doubleValue());
        double p2 = StrictMath.toRadians(lat2.doubleValue());
        double dp = p2 - p1;
        double dl = StrictMath.toRadians(lon2.doubleValue() - lon1.doubleValue());
        double a = StrictMath.sin(dp / 2) * StrictMath.sin(dp / 2)
                + StrictMath.cos(p1) * StrictMath.cos(p2) * StrictMath.sin(dl / 2) * StrictMath.sin(dl / 2);
        double km = 2 * EARTH_RADIUS_KM * StrictMath.asin(StrictMath.min(1.0, StrictMath.sqrt(a)));
        return new BigDecimal(Double.toString(km)).setScale(3, RoundingMode.HALF_EVEN);
    }

    static BigDecimal grade(BigDecimal raw, DispatchPolicy.Objective objective) {
        BigDecimal g = raw.subtract(objective.worst()).divide(objective.best().subtract(objective.worst()), SCALE, RoundingMode.HALF_EVEN);
        if (g.signum() < 0) {
            return BigDecimal.ZERO.setScale(SCALE);
        }
        return g.compareTo(BigDecimal.ONE) > 0 ? BigDecimal.ONE.setScale(SCALE) : g;
    }
}
