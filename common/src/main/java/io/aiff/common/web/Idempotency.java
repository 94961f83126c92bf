package io.aiff.common.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.RedisKeys;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} for POSTs that create or change something (docs/api.md; IETF httpapi draft semantics),
 * kept in Redis per caller, operation and key: the first response (status, body, Location, ETag) is stored for
 * {@link #KEEP}; a retry with the same body replays it with {@code Idempotent-Replayed: true}; the same key with another
 * body is 422; a retry while the first still runs is 409 (the in-flight record expires after {@link #IN_FLIGHT}, so a
 * crashed request does not block its key). Without the header the request simply runs. When Redis is unavailable
 * the request runs without the guarantee (logged), rather than failing the mobile client.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    static final Duration KEEP = Duration.ofHours(25);
    static final Duration IN_FLIGHT = Duration.ofSeconds(60);
    static final int MAX_KEY_LENGTH = 255;
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final ObjectMapper json;

    public Idempotency(ReactiveRedisDataSource redis, RedisKeys keys, ObjectMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
    }

    /**
     * @param caller    who asks ({@code user:12}, {@code client:ticket-service}): keys are per caller
     * @param operation what is asked ({@code POST /api/tickets})
     * @param body      the request body as received (its JSON is the fingerprint)
     */
    public Uni<Response> run(String caller, String operation, String key, Object body, Supplier<Uni<Response>> action) {
        if (key == null) {
            return action.get();
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            return Uni.createFrom().failure(ProblemException.badRequest(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters"));
        }
        String redisKey = keys.key("idempotency:" + sha256(caller + "\n" + operation + "\n" + key));
        String fingerprint = sha256(encode(body));
        String running = new JsonObject().put("state", "running").put("fingerprint", fingerprint).encode();
        return redis.execute("SET", redisKey, running, "NX", "PX", String.valueOf(IN_FLIGHT.toMillis()))
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .map(reply -> reply != null && "OK".equals(reply.toString()))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Idempotency records unavailable (%s): %s runs without replay protection", failure.toString(), operation);
                    return null;
                })
                .chain(first -> first == null ? action.get()
                        : first ? runFirst(redisKey, fingerprint, action) : answerRetry(redisKey, fingerprint));
    }

    private Uni<Response> runFirst(String redisKey, String fingerprint, Supplier<Uni<Response>> action) {
        return action.get()
                .call(response -> store(redisKey, fingerprint, response))
                .onFailure().call(failure -> redis.execute("DEL", redisKey).onFailure().recoverWithNull());
    }

    private Uni<Void> store(String redisKey, String fingerprint, Response response) {
        JsonObject record = new JsonObject().put("state", "done").put("fingerprint", fingerprint)
                .put("status", response.getStatus()).put("body", encode(response.getEntity()));
        for (String header : new String[] {HttpHeaders.LOCATION, HttpHeaders.ETAG}) {
            Object value = response.getMetadata().getFirst(header);
            if (value != null) {
                record.put(header, String.valueOf(value));
            }
        }
        return redis.execute("SET", redisKey, record.encode(), "PX", String.valueOf(KEEP.toMillis()))
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .replaceWithVoid()
                .onFailure().invoke(f -> Log.warnf("Could not keep an idempotent response: %s", f.toString()))
                .onFailure().recoverWithNull();
    }

    private Uni<Response> answerRetry(String redisKey, String fingerprint) {
        return redis.execute("GET", redisKey).ifNoItem().after(REDIS_TIMEOUT).fail().map(reply -> {
            if (reply == null) { // expired between the two calls: the client may simply retry
                throw conflict();
            }
            JsonObject record = new JsonObject(reply.toString());
            if (!fingerprint.equals(record.getString("fingerprint"))) {
                throw new ProblemException(Problem.of(422, "idempotency-key-reused", "Unprocessable Content",
                        "This Idempotency-Key was used with a different request body."));
            }
            if (!"done".equals(record.getString("state"))) {
                throw conflict();
            }
            Response.ResponseBuilder replay = Response.status(record.getInteger("status"))
                    .header(REPLAYED, "true");
            String body = record.getString("body");
            if (body != null) {
                replay.entity(body).type(MediaType.APPLICATION_JSON_TYPE);
            }
            for (String header : new String[] {HttpHeaders.LOCATION, HttpHeaders.ETAG}) {
                if (record.getString(header) != null) {
                    replay.header(header, record.getString(header));
                }
            }
            return replay.build();
        });
    }

    private static ProblemException conflict() {
        return new ProblemException(Problem.of(409, "idempotency-in-flight", "Conflict",
                "A request with this Idempotency-Key is still being processed; retry shortly.").with("retry_after", 1));
    }

    private String encode(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A response body that is not JSON", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(text).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
