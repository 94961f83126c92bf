package io.aiff.gateway.routing;

import io.aiff.gateway.config.GatewayConfig;
import io.aiff.gateway.ratelimit.RateLimits;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/openapi} (public): one OpenAPI document of the whole public API, merged from the services' own
 * documents, so a mobile team generates one client from one file. Cached for a minute; a service that does not
 * answer is listed under {@code x-aiff-unavailable} instead of failing the whole document.
 */
@ApplicationScoped
public class MergedOpenApi {

    private static final long CACHE_MILLIS = 60_000;

    private final GatewayConfig config;
    private final RateLimits limits;
    private volatile JsonObject cached;
    private volatile long cachedAt;
    /** The merge in progress, shared by everyone who asks meanwhile. */
    private volatile Future<JsonObject> inFlight;

    public MergedOpenApi(GatewayConfig config, RateLimits limits) {
        this.config = config;
        this.limits = limits;
    }

    void install(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2000));
        router.get("/api/openapi").handler(limits.step()).handler(rc -> serve(rc, client));
    }

    private void serve(RoutingContext rc, HttpClient client) {
        JsonObject document = cached;
        if (document != null && System.currentTimeMillis() - cachedAt < CACHE_MILLIS) {
            send(rc, document);
            return;
        }
        Future<JsonObject> merging = inFlight;
        if (merging == null) {
            Map<String, URI> sources = new TreeMap<>();
            config.upstreams().forEach((name, upstream) -> sources.put(name, upstream.managementUrl()));
            List<String> names = new ArrayList<>(sources.keySet());
            List<Future<JsonObject>> fetches = names.stream().map(name -> fetch(client, sources.get(name))).toList();
            merging = Future.join(fetches).transform(done -> {
                try {
                    return Future.succeededFuture(merge(names, fetches));
                } catch (RuntimeException e) {
                    return Future.failedFuture(e);
                }
            }).onComplete(done -> {
                if (done.succeeded()) {
                    cached = done.result();
                    cachedAt = System.currentTimeMillis();
                }
                inFlight = null;
            });
            inFlight = merging;
        }
        merging.onSuccess(merged -> send(rc, merged)).onFailure(rc::fail);
    }

    private static Future<JsonObject> fetch(HttpClient client, URI base) {
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost())
                        .setPort(base.getPort() > 0 ? base.getPort() : 80).setURI("/q/openapi?format=json").setIdleTimeout(3000))
                .compose(request -> request.putHeader("Accept", "application/json").send())
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : Future.failedFuture("HTTP " + response.statusCode()))
                .map(Buffer::toJsonObject);
    }

    static JsonObject merge(List<String> names, List<Future<JsonObject>> documents) {
        JsonObject paths = new JsonObject();
        JsonObject schemas = new JsonObject();
        JsonObject securitySchemes = new JsonObject();
        JsonArray tags = new JsonArray();
        JsonArray unavailable = new JsonArray();
        for (int i = 0; i < names.size(); i++) {
            Future<JsonObject> document = documents.get(i);
            if (document.failed()) {
                unavailable.add(names.get(i));
                continue;
            }
            String service = names.get(i);
            String text = document.result().encode();
            JsonObject own = document.result().getJsonObject("components", new JsonObject()).getJsonObject("schemas", new JsonObject());
            // A schema name two services use differently is qualified with the service name.
            for (String name : own.fieldNames()) {
                if (schemas.containsKey(name) && !schemas.getValue(name).equals(own.getValue(name))) {
                    text = text.replace("\"#/components/schemas/" + name + "\"", "\"#/components/schemas/" + service + "_" + name + "\"")
                            .replace("\"" + name + "\":{", "\"" + service + "_" + name + "\":{");
                }
            }
            JsonObject doc = new JsonObject(text);
            doc.getJsonObject("paths", new JsonObject()).forEach(e -> {
                if (e.getKey().startsWith("/api/")) {
                    paths.put(e.getKey(), e.getValue());
                }
            });
            JsonObject components = doc.getJsonObject("components", new JsonObject());
            components.getJsonObject("schemas", new JsonObject()).forEach(e -> schemas.put(e.getKey(), e.getValue()));
            components.getJsonObject("securitySchemes", new JsonObject()).forEach(e -> securitySchemes.put(e.getKey(), e.getValue()));
            doc.getJsonArray("tags", new JsonArray()).forEach(tag -> {
                if (!tags.contains(tag)) {
                    tags.add(tag);
                }
            });
        }
        paths.put("/api/events", new JsonObject().put("get", new JsonObject()
                .put("tags", new JsonArray().add("events"))
                .put("summary", "Server-Sent Events of what changed, scoped to what the caller may read; "
                        + "types=ticket.*,team.status_changed narrows; Last-Event-ID resumes")
                .put("responses", new JsonObject().put("200", new JsonObject().put("description", "text/event-stream")))));
        JsonObject merged = new JsonObject()
                .put("openapi", "3.0.3")
                .put("info", new JsonObject().put("title", "AIFF Field Ops API").put("version", "1.0")
                        .put("description", "The public API of every AIFF service, as the gateway serves it."))
                .put("servers", new JsonArray().add(new JsonObject().put("url", "/")))
                .put("tags", tags)
                .put("paths", paths)
                .put("components", new JsonObject().put("schemas", schemas).put("securitySchemes", securitySchemes));
        if (!unavailable.isEmpty()) {
            merged.put("x-aiff-unavailable", unavailable);
        }
        return merged;
    }

    private static void send(RoutingContext rc, JsonObject document) {
        rc.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "public, max-age=60")
                .end(document.encode());
    }
}
