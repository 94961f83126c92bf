package io.aiff.ticket.dispatch;

import io.aiff.common.problem.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A version of a dispatch policy (ticket-service README, "Dispatch"): the hard rules a team must pass and the weighted
 * objectives that rank those that do, each with a best and a worst value mapped linearly onto a 0–1 grade. Its
 * {@link #hash} is the SHA-256 of its body's canonical JSON ({@link Canonical}).
 */
public record DispatchPolicy(int id, int version, String name, List<String> rules, List<Objective> objectives) {

    public static final String TEAM_ACTIVE = "team_active";
    public static final String TEAM_AVAILABLE = "team_available";
    public static final String SERVES_ZONE = "serves_zone";
    public static final String BELOW_CAPACITY = "below_capacity";
    public static final List<String> RULES = List.of(TEAM_ACTIVE, TEAM_AVAILABLE, SERVES_ZONE, BELOW_CAPACITY);

    public static final String DISTANCE_KM = "distance_km";
    public static final String LOAD = "load";
    public static final String COMPLETION_RATE = "completion_rate";
    public static final String CUSTOMER_RATING = "customer_rating";
    public static final String CATEGORY_MATCH = "category_match";
    public static final List<String> OBJECTIVES = List.of(DISTANCE_KM, LOAD, COMPLETION_RATE, CUSTOMER_RATING, CATEGORY_MATCH);

    private static final BigDecimal LIMIT = BigDecimal.valueOf(1_000_000_000);

    /** One objective: its weight (0–1) and the raw values graded 1 ({@code best}) and 0 ({@code worst}). */
    public record Objective(String name, BigDecimal weight, BigDecimal best, BigDecimal worst) {
    }

    /** The default policy (id 1, version 1): every rule; distance and load first. */
    public static JsonObject defaultBody() {
        return new JsonObject().put("rules", new JsonArray(RULES)).put("objectives", new JsonArray()
                .add(objective(DISTANCE_KM, "0.35", "0", "50"))
                .add(objective(LOAD, "0.3", "0", "1"))
                .add(objective(COMPLETION_RATE, "0.1", "1", "0"))
                .add(objective(CUSTOMER_RATING, "0.1", "5", "1"))
                .add(objective(CATEGORY_MATCH, "0.15", "1", "0")));
    }

    private static JsonObject objective(String name, String weight, String best, String worst) {
        return new JsonObject().put("name", name).put("weight", new BigDecimal(weight)).put("best", new BigDecimal(best))
                .put("worst", new BigDecimal(worst));
    }

    /** A policy from its stored or requested body; 400 naming the member that is wrong. */
    public static DispatchPolicy of(int id, int version, String name, JsonObject body) {
        JsonArray rules = body.getValue("rules") instanceof JsonArray r ? r : null;
        JsonArray objectives = body.getValue("objectives") instanceof JsonArray o ? o : null;
        if (rules == null) {
            throw ProblemException.badRequest("rules", "must be a list of " + RULES);
        }
        if (objectives == null || objectives.isEmpty()) {
            throw ProblemException.badRequest("objectives", "must list at least one of " + OBJECTIVES);
        }
        List<String> ruleNames = new ArrayList<>();
        for (Object rule : rules) {
            if (!(rule instanceof String r) || !RULES.contains(r) || ruleNames.contains(r)) {
                throw ProblemException.badRequest("rules", "must be distinct names out of " + RULES);
            }
            ruleNames.add(r);
        }
        List<Objective> parsed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        BigDecimal weights = BigDecimal.ZERO;
        for (int i = 0; i < objectives.size(); i++) {
            String field = "objectives[" + i + "]";
            if (!(objectives.getValue(i) instanceof JsonObject o) || !(o.getValue("name") instanceof String n)
                    || !OBJECTIVES.contains(n) || !seen.add(n)) {
                throw ProblemException.badRequest(field + ".name", "must be a distinct name out of " + OBJECTIVES);
            }
            BigDecimal weight = number(o, "weight", field);
            BigDecimal best = number(o, "best", field);
            BigDecimal worst = number(o, "worst", field);
            if (weight.signum() < 0 || weight.compareTo(BigDecimal.ONE) > 0) {
                throw ProblemException.badRequest(field + ".weight", "must be between 0 and 1");
            }
            if (best.compareTo(worst) == 0) {
                throw ProblemException.badRequest(field + ".best", "must differ from worst");
            }
            weights = weights.add(weight);
            parsed.add(new Objective(n, weight, best, worst));
        }
        if (weights.signum() == 0) {
            throw ProblemException.badRequest("objectives", "need a weight above 0");
        }
        return new DispatchPolicy(id, version, name, List.copyOf(ruleNames), List.copyOf(parsed));
    }

    private static BigDecimal number(JsonObject o, String member, String field) {
        if (!(o.getValue(member) instanceof Number n)) {
            throw ProblemException.badRequest(field + "." + member, "must be a number");
        }
        // The range first: a number such as 1e999999999 must not be expanded to find out.
        boolean inRange = n instanceof BigDecimal b ? b.precision() - b.scale() <= 10 && b.abs().compareTo(LIMIT) <= 0
                : Math.abs(n.doubleValue()) <= LIMIT.doubleValue();
        if (!inRange) {
            throw ProblemException.badRequest(field + "." + member, "must be between -10^9 and 10^9");
        }
        return Canonical.decimal(n);
    }

    /** The body as stored and hashed. */
    public JsonObject body() {
        JsonArray list = new JsonArray();
        objectives.forEach(o -> list.add(new JsonObject().put("name", o.name()).put("weight", o.weight()).put("best", o.best())
                .put("worst", o.worst())));
        return new JsonObject().put("rules", new JsonArray(rules)).put("objectives", list);
    }

    public String hash() {
        return Canonical.hash(body());
    }
}
