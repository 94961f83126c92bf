package io.aiff.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server standing in for the services behind the gateway: it echoes what it received, can answer a
 * problem, or stay silent. The analytics upstream points at a port where nothing listens.
 */
public class UpstreamStubResource implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true)).requestHandler(request -> request.body().onSuccess(body -> {
            String path = request.path();
            if (path.endsWith("/silent")) {
                return; // never answers: the gateway must give up on its own
            }
            if (path.endsWith("/created")) { // a service names itself in Location, as JAX-RS does
                request.response().setStatusCode(201).putHeader("Location", "http://" + request.authority() + "/api/zones/17?x=1")
                        .putHeader("Content-Type", "application/json").end("{}");
                return;
            }
            if (path.endsWith("/created-elsewhere")) { // a link to another host is not the service's own
                request.response().setStatusCode(201).putHeader("Location", "https://maps.example.org/tiles/7")
                        .putHeader("Content-Type", "application/json").end("{}");
                return;
            }
            if (path.equals("/api/auth/token") && body.toString().contains("client_id=gateway&")) { // the gateway's own account
                request.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("access_token", "gateway-client-token").put("expires_in", 300).encode());
                return;
            }
            if (path.equals("/internal/retention/preview")) {
                request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("service", "stub")
                        .put("authorization", request.getHeader("Authorization"))
                        .put("items", new JsonArray().add(new JsonObject().put("table", "outbox").put("action", "purge")
                                .put("month", "2026-11").put("rows", 3))).encode());
                return;
            }
            if (path.endsWith("/invalid")) {
                request.response().setStatusCode(400).putHeader("Content-Type", "application/problem+json")
                        .end(new JsonObject().put("type", "https://aiff.io/problems/validation").put("status", 400)
                                .put("title", "Validation failed").put("detail", "The request has invalid fields.")
                                .put("errors", new JsonArray().add(
                                        new JsonObject().put("field", "title").put("message", "must not be blank")))
                                .encode());
                return;
            }
            JsonObject echo = new JsonObject()
                    .put("method", request.method().name())
                    .put("uri", request.uri())
                    .put("authorization", request.getHeader("Authorization"))
                    .put("request_id", request.getHeader("X-Request-Id"))
                    .put("forwarded_for", request.getHeader("X-Forwarded-For"))
                    .put("forwarded_host", request.getHeader("X-Forwarded-Host"))
                    .put("forwarded_proto", request.getHeader("X-Forwarded-Proto"))
                    .put("body", body.toString());
            request.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Request-Id", String.valueOf(request.getHeader("X-Request-Id")))
                    .putHeader("X-Content-Type-Options", "nosniff") // as every AIFF service answers
                    .end(echo.encode());
        }));
        try {
            server.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the upstream stub", e);
        }
        String stub = "http://localhost:" + server.actualPort();
        String nobody = "http://localhost:" + unusedPort();
        return Map.ofEntries(
                Map.entry("aiff.gateway.upstreams.auth.urls", stub),
                Map.entry("aiff.gateway.upstreams.tickets.urls", stub),
                Map.entry("aiff.gateway.upstreams.teams.urls", stub),
                Map.entry("aiff.gateway.upstreams.analytics.urls", nobody),
                Map.entry("aiff.gateway.timeout", "1S"),
                Map.entry("aiff.client.secret", "gateway-test-secret"),
                Map.entry("aiff.client.auth-service-url", stub),
                Map.entry("aiff.client.timeout", "1S"),
                Map.entry("aiff.gateway.public-url", "https://api.example.com"),
                Map.entry("aiff.gateway.cors.origins", "https://app.example.com"),
                Map.entry("aiff.gateway.rate-limits.search.limit", "3"),
                Map.entry("aiff.gateway.rate-limits.login-username.limit", "3"));
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
