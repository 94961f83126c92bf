package io.aiff.common.client;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.problem.ProblemResponses;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Calls to other AIFF services with this service's own client-credentials token (never a shared static secret):
 * the token is fetched from auth-service, kept until shortly before it expires, and fetched again when a service
 * answers 401. A service that cannot be reached, or answers 5xx, fails the call with a 503 problem
 * ({@link #unavailable}), so callers answer "try again" rather than pretending to know.
 */
@ApplicationScoped
public class ServiceClient {

    /** An answer: its status and JSON body (null when it had none or it was not JSON). */
    public record Reply(int status, JsonObject body) {
    }

    private static final long RENEW_BEFORE_SECONDS = 30;

    private final HttpClient http;
    private final ClientConfig config;
    private volatile String token;
    private volatile long tokenExpiresAtMillis;

    public ServiceClient(Vertx vertx, ClientConfig config) {
        this.http = vertx.createHttpClient();
        this.config = config;
    }

    /** GET {@code base + pathAndQuery} as this service; 2xx and 4xx answers are replies, anything else fails. */
    public Uni<Reply> get(URI base, String pathAndQuery) {
        return send(HttpMethod.GET, base, pathAndQuery, null);
    }

    public Uni<Reply> send(HttpMethod method, URI base, String pathAndQuery, JsonObject body) {
        String what = method + " " + base + pathAndQuery;
        return bearer().chain(bearer -> exchange(method, base, pathAndQuery, body, bearer))
                .chain(reply -> {
                    if (reply.status() != 401) {
                        return Uni.createFrom().item(reply);
                    }
                    token = null; // expired or revoked: once more with a fresh one
                    return bearer().chain(bearer -> exchange(method, base, pathAndQuery, body, bearer));
                })
                .ifNoItem().after(config.timeout()).fail()
                .chain(reply -> reply.status() >= 500 ? Uni.createFrom().failure(new IllegalStateException("HTTP " + reply.status()))
                        : Uni.createFrom().item(reply))
                .onFailure(f -> !(f instanceof ProblemException)).transform(failure -> {
                    Log.warnf("%s failed: %s", what, failure.toString());
                    return unavailable(base.getHost());
                });
    }

    /** 503 with Retry-After: the answer depends on a service that does not answer now. */
    public static ProblemException unavailable(String service) {
        return new ProblemException(Problem.of(503, "dependency-unavailable", "Service Unavailable",
                "A service this answer depends on cannot be reached right now; try again shortly.")
                .with(ProblemResponses.RETRY_AFTER, 5));
    }

    private Uni<Reply> exchange(HttpMethod method, URI base, String pathAndQuery, JsonObject body, String bearer) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost(base.getHost())
                .setPort(base.getPort() > 0 ? base.getPort() : 80).setURI(pathAndQuery)
                .putHeader("Authorization", "Bearer " + bearer).putHeader("Accept", "application/json")
                .setTimeout(config.timeout().toMillis());
        return http.request(options).chain(request -> body == null ? request.send()
                        : request.putHeader("Content-Type", "application/json").send(body.encode()))
                .chain(ServiceClient::reply);
    }

    private static Uni<Reply> reply(HttpClientResponse response) {
        return response.body().map(buffer -> new Reply(response.statusCode(), json(buffer)));
    }

    private static JsonObject json(Buffer buffer) {
        if (buffer == null || buffer.length() == 0) {
            return null;
        }
        try {
            return buffer.toJsonObject();
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /** This service's token, fetched when missing or about to expire. */
    Uni<String> bearer() {
        String current = token;
        if (current != null && System.currentTimeMillis() < tokenExpiresAtMillis) {
            return Uni.createFrom().item(current);
        }
        String secret = config.secret().filter(s -> !s.isBlank()).orElse(null);
        if (secret == null) {
            return Uni.createFrom().failure(new IllegalStateException("no client secret configured (AIFF_CLIENT_SECRET)"));
        }
        URI auth = config.authServiceUrl();
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(config.id(), StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(auth.getHost())
                .setPort(auth.getPort() > 0 ? auth.getPort() : 80).setURI("/api/auth/token")
                .putHeader("Content-Type", "application/x-www-form-urlencoded").putHeader("Accept", "application/json")
                .setTimeout(config.timeout().toMillis());
        return http.request(options).chain(request -> request.send(form)).chain(ServiceClient::reply).map(reply -> {
            if (reply.status() != 200 || reply.body() == null || reply.body().getString("access_token") == null) {
                throw new IllegalStateException("auth-service refused this service's credentials (HTTP " + reply.status() + ")");
            }
            token = reply.body().getString("access_token");
            long lifetime = reply.body().getLong("expires_in", 60L);
            tokenExpiresAtMillis = System.currentTimeMillis() + Math.max(0, lifetime - RENEW_BEFORE_SECONDS) * 1000;
            return token;
        });
    }
}
