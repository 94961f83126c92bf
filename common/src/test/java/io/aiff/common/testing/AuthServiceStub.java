package io.aiff.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * auth-service as another service sees it, over HTTP: the client-credentials token endpoint (form-encoded, for the
 * client {@code client} init arg with the secret {@code test-<client>-secret}, answering a token that the stub's own
 * other endpoints accept) and {@code GET /api/users/{id}} answering 200 for {@link #KNOWN_USERS} and 404 otherwise.
 * It points the service's {@code aiff.client.*} at itself.
 */
public class AuthServiceStub implements QuarkusTestResourceLifecycleManager {

    public static final Set<Integer> KNOWN_USERS = Set.of(11, 12, 13, 14, 15);
    public static final String TOKEN = "stub-service-token";

    private StubServer server;
    private String client = "team-service";

    public static String secretOf(String client) {
        return "test-" + client + "-secret";
    }

    @Override
    public void init(Map<String, String> initArgs) {
        client = initArgs.getOrDefault("client", client);
    }

    @Override
    public Map<String, String> start() {
        server = StubServer.start(request -> {
            var response = request.response().putHeader("Content-Type", "application/json");
            if (request.path().equals("/api/auth/token")) {
                request.body().onSuccess(body -> {
                    Map<String, String> form = form(body.toString());
                    if (client.equals(form.get("client_id")) && secretOf(client).equals(form.get("client_secret"))) {
                        response.end(new JsonObject().put("access_token", TOKEN).put("expires_in", 300).encode());
                    } else {
                        response.setStatusCode(401).end("{}");
                    }
                });
            } else if (request.path().startsWith("/api/users/")) {
                int id = Integer.parseInt(request.path().substring("/api/users/".length()));
                if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
                    response.setStatusCode(401).end("{}");
                } else if (KNOWN_USERS.contains(id)) {
                    response.end(new JsonObject().put("id", id).encode());
                } else {
                    response.setStatusCode(404).end("{}");
                }
            } else {
                response.setStatusCode(404).end("{}");
            }
        });
        return Map.of("aiff.client.auth-service-url", server.url(),
                "aiff.client.id", client, "aiff.client.secret", secretOf(client), "aiff.events.outbox-poll", "200MS");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
