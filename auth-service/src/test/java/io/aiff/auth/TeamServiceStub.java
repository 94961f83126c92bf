package io.aiff.auth;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server standing in for team-service's scope endpoint: every user is in teams 3 and 7,
 * covering Penang and Ipoh, but only when asked with a service token.
 */
public class TeamServiceStub implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            String auth = request.getHeader("Authorization");
            if (!request.path().startsWith("/internal/teams/scope/") || auth == null || !isServiceToken(auth)) {
                request.response().setStatusCode(auth == null ? 401 : 403).end();
                return;
            }
            request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("user_id", Integer.parseInt(request.path().substring("/internal/teams/scope/".length())))
                    .put("team_ids", new JsonArray().add(7).add(3))
                    .put("zone_ids", new JsonArray().add(12).add(11))
                    .put("zones", new JsonArray().add("Penang").add("Ipoh")).encode());
        });
        try {
            server.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("quarkus.rest-client.team-service.url", "http://localhost:" + server.actualPort());
    }

    private static boolean isServiceToken(String authorization) {
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        return claims.getJsonArray("groups").contains("service") && !claims.containsKey("sid");
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
