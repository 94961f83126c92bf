package io.aiff.team;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * auth-service as team-service sees it, over HTTP: the client-credentials token endpoint (checking team-service's
 * test secret) and {@code GET /api/users/{id}} answering 200 for {@link #KNOWN_USERS} and 404 otherwise.
 */
public class AuthStubResource implements QuarkusTestResourceLifecycleManager {

    static final Set<Integer> KNOWN_USERS = Set.of(11, 12, 13, 14, 15);
    static final String SECRET = "test-team-service-secret";

    private Vertx vertx;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            server = vertx.createHttpServer().requestHandler(request -> {
                var response = request.response().putHeader("Content-Type", "application/json");
                if (request.path().equals("/api/auth/token")) {
                    request.body().onSuccess(body -> {
                        JsonObject form = body.toJsonObject();
                        if ("team-service".equals(form.getString("client_id")) && SECRET.equals(form.getString("client_secret"))) {
                            response.end(new JsonObject().put("access_token", "stub-service-token").put("expires_in", 300).encode());
                        } else {
                            response.setStatusCode(401).end("{}");
                        }
                    });
                } else if (request.path().startsWith("/api/users/")) {
                    boolean authorised = "Bearer stub-service-token".equals(request.getHeader("Authorization"));
                    int id = Integer.parseInt(request.path().substring("/api/users/".length()));
                    if (!authorised) {
                        response.setStatusCode(401).end("{}");
                    } else if (KNOWN_USERS.contains(id)) {
                        response.end(new JsonObject().put("id", id).encode());
                    } else {
                        response.setStatusCode(404).end("{}");
                    }
                } else {
                    response.setStatusCode(404).end("{}");
                }
            }).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("quarkus.rest-client.auth-service.url", "http://localhost:" + server.actualPort(),
                "aiff.client.secret", SECRET, "aiff.outbox.poll", "200MS");
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
