package io.aiff.gateway.routing;

import io.aiff.gateway.config.GatewayConfig;
import io.aiff.gateway.openapi.ContractMerge;
import io.aiff.gateway.ratelimit.RateLimits;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/openapi} (public): the whole public API in one OpenAPI 3.0.3 document, built with the services
 * ({@link ContractMerge}, {@code openapi/aiff-api.json} on the class path), so every replica of one release serves the
 * same contract whatever is running next to it. Only {@code servers} is set here: the gateway's public URL
 * ({@code aiff.gateway.public-url}).
 */
@ApplicationScoped
public class MergedOpenApi {

    static final String DOCUMENT = "openapi/aiff-api.json";

    private final Buffer document;
    private final RateLimits limits;

    public MergedOpenApi(GatewayConfig config, RateLimits limits) {
        this.limits = limits;
        JsonObject built = load();
        built.put("servers", new JsonArray().add(new JsonObject().put("url", config.publicUrl().toString())
                .put("description", "The gateway")));
        this.document = Buffer.buffer(built.encode());
    }

    static JsonObject load() {
        try (InputStream in = MergedOpenApi.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing: the gateway's build merges it (exec-maven-plugin)");
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void install(@Observes Router router) {
        router.get("/api/openapi").handler(limits.step()).handler(rc -> rc.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "public, max-age=300")
                .end(document));
    }
}
