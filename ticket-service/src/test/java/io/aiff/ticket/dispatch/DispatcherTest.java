package io.aiff.ticket.dispatch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decision as a pure function: graded and ranked as documented, and computed again bit for bit from what is stored. */
class DispatcherTest {

    static final DispatchPolicy DEFAULT = DispatchPolicy.of(1, 1, "default", DispatchPolicy.defaultBody());

    static JsonObject team(int id, boolean active, String status, int capacity, int open, List<String> categories,
                           boolean serves, double lat, double lon) {
        return Dispatcher.team(id, 3, active, status, capacity, open, categories, serves, false, 100 + id, 2, lat, lon, null, null);
    }

    @Test
    void theNearestLeastLoadedTeamWinsAndTiesGoToTheLowestId() {
        JsonObject ticket = Dispatcher.ticket(42, 1, 7, "high", "power", 3.14, 101.69, "ticket");
        var near = team(5, true, "available", 10, 2, List.of(), true, 3.15, 101.70);
        var far = team(3, true, "available", 10, 2, List.of(), true, 3.50, 101.90);
        var twin = team(9, true, "available", 10, 2, List.of(), true, 3.15, 101.70);
        JsonObject decision = Dispatcher.decide(DEFAULT, new Dispatcher.Inputs(ticket, List.of(twin, far, near)));
        assertEquals(5, decision.getInteger("chosen_team_id"), "the nearer of two equal teams, lowest id first");
        JsonObject first = candidate(decision, 5);
        assertEquals(1, first.getInteger("rank"));
        assertEquals(2, candidate(decision, 9).getInteger("rank"));
        assertEquals(3, candidate(decision, 3).getInteger("rank"));
        JsonObject distance = objective(first, DispatchPolicy.DISTANCE_KM);
        // 0.01° of latitude and of longitude at 3.14° N: √(1.1119² + 1.1102²) km.
        assertEquals("1.571", distance.getString("raw"), "km, 3 places");
        assertEquals("0.968580", distance.getString("grade"), "(raw - worst) / (best - worst): (1.571 - 50) / (0 - 50)");
        assertEquals("0.350000", distance.getString("weight"));
        assertEquals("0.339003", distance.getString("contribution"), "weight × grade");
        JsonObject completion = objective(first, DispatchPolicy.COMPLETION_RATE);
        assertTrue(completion.getBoolean("neutral"));
        assertNull(completion.getString("raw"));
        assertEquals("0.500000", completion.getString("grade"), "unknown until analytics: neutral");
        BigDecimal sum = BigDecimal.ZERO;
        for (Object o : first.getJsonArray("objectives")) {
            sum = sum.add(new BigDecimal(((JsonObject) o).getString("contribution")));
        }
        assertEquals(sum.toPlainString(), first.getString("total"));
    }

    @Test
    void everyHardRuleSaysWhyATeamIsOut() {
        JsonObject ticket = Dispatcher.ticket(42, 1, 7, "low", "water", null, null, "none");
        var inactive = team(1, false, "available", 10, 0, List.of(), true, 1, 1);
        var busy = team(2, true, "busy", 10, 0, List.of(), true, 1, 1);
        var full = team(3, true, "available", 2, 2, List.of(), true, 1, 1);
        var elsewhere = team(4, true, "available", 10, 0, List.of(), false, 1, 1);
        JsonObject decision = Dispatcher.decide(DEFAULT, new Dispatcher.Inputs(ticket, List.of(inactive, busy, full, elsewhere)));
        assertNull(decision.getInteger("chosen_team_id"));
        assertEquals("no_candidate", decision.getString("outcome"));
        assertEquals("inactive", failed(candidate(decision, 1)));
        assertEquals("status_busy", failed(candidate(decision, 2)));
        assertEquals("at_capacity", failed(candidate(decision, 3)));
        assertEquals("2/2", rule(candidate(decision, 3), DispatchPolicy.BELOW_CAPACITY).getString("value"));
        assertEquals("zone_not_served", failed(candidate(decision, 4)));
        assertFalse(candidate(decision, 4).getBoolean("eligible"));
    }

    @Test
    void categoriesAndLoadAreGradedAsDocumented() {
        JsonObject ticket = Dispatcher.ticket(1, 1, 7, "low", "water", 1.0, 1.0, "ticket");
        var named = team(1, true, "available", 4, 1, List.of("water"), true, 1, 1);
        var any = team(2, true, "available", 4, 1, List.of(), true, 1, 1);
        var other = team(3, true, "available", 4, 1, List.of("power"), true, 1, 1);
        JsonObject decision = Dispatcher.decide(DEFAULT, new Dispatcher.Inputs(ticket, List.of(named, any, other)));
        assertEquals("1", objective(candidate(decision, 1), DispatchPolicy.CATEGORY_MATCH).getString("raw"));
        assertEquals("0.5", objective(candidate(decision, 2), DispatchPolicy.CATEGORY_MATCH).getString("raw"));
        assertEquals("0", objective(candidate(decision, 3), DispatchPolicy.CATEGORY_MATCH).getString("raw"));
        assertEquals("0.250000", objective(candidate(decision, 1), DispatchPolicy.LOAD).getString("raw"));
        assertEquals(1, decision.getInteger("chosen_team_id"));
    }

    /** 1,000 random decisions, stored as JSON text and read back as the database hands them over, decided again: identical. */
    @Test
    void aThousandRandomDecisionsReplayExactly() {
        Random random = new Random(20261201);
        for (int n = 0; n < 1000; n++) {
            DispatchPolicy policy = randomPolicy(random);
            JsonObject ticket = Dispatcher.ticket(n + 1, 1 + random.nextInt(5), random.nextInt(200), "high",
                    List.of("water", "power", "network").get(random.nextInt(3)),
                    random.nextBoolean() ? null : -60 + random.nextDouble() * 120, -179 + random.nextDouble() * 358, "ticket");
            List<JsonObject> teams = new ArrayList<>();
            int count = random.nextInt(8);
            for (int t = 0; t < count; t++) {
                int capacity = 1 + random.nextInt(12);
                teams.add(Dispatcher.team(1 + random.nextInt(1000), random.nextInt(9), random.nextInt(10) > 0,
                        random.nextInt(5) > 0 ? "available" : "busy", capacity, random.nextInt(capacity + 1),
                        random.nextBoolean() ? List.of() : List.of("water"), random.nextInt(4) > 0, random.nextBoolean(),
                        random.nextInt(200), 1, random.nextBoolean() ? null : -60 + random.nextDouble() * 120,
                        -179 + random.nextDouble() * 358,
                        random.nextBoolean() ? null : BigDecimal.valueOf(random.nextInt(1_000_001), 6),
                        random.nextBoolean() ? null : BigDecimal.valueOf(100 + random.nextInt(401), 2)));
            }
            var inputs = new Dispatcher.Inputs(ticket, teams);
            JsonObject decided = Dispatcher.decide(policy, inputs);
            // Stored (JSONB) and read back: numbers come back as the JSON parser makes them.
            var stored = Dispatcher.Inputs.of(new JsonObject(inputs.json().encode()));
            var storedPolicy = DispatchPolicy.of(policy.id(), policy.version(), policy.name(), new JsonObject(policy.body().encode()));
            assertEquals(policy.hash(), storedPolicy.hash(), "the policy's hash survives storage");
            JsonObject replayed = Dispatcher.decide(storedPolicy, stored);
            assertEquals(Canonical.of(new JsonObject(decided.encode())), Canonical.of(replayed), "decision " + n);
        }
    }

    private static DispatchPolicy randomPolicy(Random random) {
        JsonArray objectives = new JsonArray();
        for (String name : DispatchPolicy.OBJECTIVES) {
            if (random.nextInt(4) > 0) {
                objectives.add(new JsonObject().put("name", name).put("weight", BigDecimal.valueOf(1 + random.nextInt(1_000_000), 6))
                        .put("best", random.nextInt(3)).put("worst", 3 + random.nextDouble() * 100));
            }
        }
        if (objectives.isEmpty()) {
            objectives.add(new JsonObject().put("name", DispatchPolicy.LOAD).put("weight", 1).put("best", 0).put("worst", 1));
        }
        List<String> rules = DispatchPolicy.RULES.stream().filter(r -> random.nextInt(5) > 0).toList();
        return DispatchPolicy.of(1, 1 + random.nextInt(9), "random", new JsonObject().put("rules", new JsonArray(rules)).put("objectives", objectives));
    }

    @Test
    void thePolicyHashIsOverItsCanonicalJson() {
        JsonObject reordered = new JsonObject().put("objectives", DispatchPolicy.defaultBody().getJsonArray("objectives"))
                .put("rules", DispatchPolicy.defaultBody().getJsonArray("rules"));
        assertEquals(DEFAULT.hash(), DispatchPolicy.of(1, 1, "x", reordered).hash(), "member order does not matter");
        assertEquals("{\"a\":[1,0.5,\"\\u0001\\n\"],\"b\":null}", Canonical.of(new JsonObject().put("b", null)
                .put("a", new JsonArray().add(1).add(new BigDecimal("0.500")).add("\u0001\n"))));
        JsonObject heavier = DispatchPolicy.defaultBody();
        heavier.getJsonArray("objectives").getJsonObject(0).put("weight", new BigDecimal("0.36"));
        assertFalse(DEFAULT.hash().equals(DispatchPolicy.of(1, 2, "x", heavier).hash()));
    }

    private static JsonObject candidate(JsonObject decision, int teamId) {
        return decision.getJsonArray("candidates").stream().map(c -> (JsonObject) c)
                .filter(c -> c.getInteger("team_id") == teamId).findFirst().orElseThrow();
    }

    private static JsonObject objective(JsonObject candidate, String name) {
        return candidate.getJsonArray("objectives").stream().map(o -> (JsonObject) o)
                .filter(o -> name.equals(o.getString("name"))).findFirst().orElseThrow();
    }

    private static JsonObject rule(JsonObject candidate, String name) {
        return candidate.getJsonArray("rules").stream().map(o -> (JsonObject) o)
                .filter(o -> name.equals(o.getString("rule"))).findFirst().orElseThrow();
    }

    private static String failed(JsonObject candidate) {
        return candidate.getJsonArray("rules").stream().map(o -> (JsonObject) o).filter(o -> !o.getBoolean("pass"))
                .map(o -> o.getString("reason")).findFirst().orElse(null);
    }
}
