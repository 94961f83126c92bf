package io.aiff.gateway.routing;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemResponses;
import io.aiff.common.web.Callers;
import io.aiff.common.web.PublicPaths;
import io.aiff.gateway.config.GatewayConfig;
import io.aiff.gateway.ratelimit.RateLimits;
import io.quarkus.vertx.http.runtime.HttpCompressionHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs one streaming reverse proxy per route of {@link Routes}. Before anything reaches a service: the token
 * (proactive authentication; services check it again), the path's normal form, the body size and the rate limit.
 */
@ApplicationScoped
public class ProxyRoutes {

    /** Login and token bodies are read (they are small) to limit attempts per username as well as per address. */
    private static final int CREDENTIALS_BODY_LIMIT = 16 * 1024;

    private final GatewayConfig config;
    private final RateLimits limits;
    private final BufferedBodies bodies = new BufferedBodies();

    public ProxyRoutes(GatewayConfig config, RateLimits limits) {
        this.config = config;
        this.limits = limits;
    }

    void install(@Observes Router router, Vertx vertx,
                 @ConfigProperty(name = "quarkus.http.compress-media-types") List<String> compressedTypes) {
        Set<String> compressed = Set.copyOf(compressedTypes);
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout((int) config.connectTimeout().toMillis())
                        .setKeepAlive(true)
                        .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(256));
        Map<String, HttpProxy> proxies = new HashMap<>();
        config.upstreams().forEach((name, upstreamConfig) -> {
            Upstream upstream = new Upstream(name, upstreamConfig.urls(), config.instanceBackoff());
            long timeout = upstreamConfig.timeout().orElse(config.timeout()).toMillis();
            proxies.put(name, HttpProxy.reverseProxy(client)
                    .origin(context -> connect(context, upstream, upstream.candidates(), 0, timeout))
                    .addInterceptor(new UpstreamInterceptor(name, bodies, new io.aiff.common.web.TrustedProxies(config.trustedProxies()))));
        });
        for (Routes.Route route : Routes.ALL) {
            HttpProxy proxy = proxies.get(route.upstream());
            if (proxy == null) {
                throw new IllegalStateException("No upstream configured for " + route.upstream()
                        + " (aiff.gateway.upstreams." + route.upstream() + ".urls)");
            }
            long maxBody = config.maxBodySizes().getOrDefault(route.prefix(), config.maxBodySize());
            // "/api/auth/*" takes /api/auth and what lies below it, but not /api/authx.
            router.route(route.prefix() + "/*").handler(rc -> forward(rc, proxy, compressed, maxBody));
        }
    }

    /**
     * Connects to the first instance that takes the connection. Only GET and HEAD go on to the next instance, and
     * only because nothing was sent yet: the connection itself failed.
     */
    private static Future<HttpClientRequest> connect(ProxyContext context, Upstream upstream, List<Upstream.Instance> candidates,
                                                     int index, long timeout) {
        if (index >= candidates.size()) {
            return Future.failedFuture(new UpstreamUnavailable(upstream.name()));
        }
        Upstream.Instance instance = candidates.get(index);
        HttpMethod method = context.request().getMethod();
        return context.client().request(new RequestOptions().setServer(instance.address).setIdleTimeout(timeout))
                .onSuccess(request -> upstream.answered(instance))
                .recover(failure -> {
                    upstream.failed(instance);
                    boolean idempotentRead = method == HttpMethod.GET || method == HttpMethod.HEAD;
                    return idempotentRead && index + 1 < candidates.size()
                            ? connect(context, upstream, candidates, index + 1, timeout)
                            : Future.failedFuture(candidates.size() == 1 ? failure : new UpstreamUnavailable(upstream.name()));
                });
    }

    private void forward(RoutingContext rc, HttpProxy proxy, Set<String> compressedTypes, long maxBody) {
        var request = rc.request();
        String path = rc.normalizedPath();
        if (!path.equals(request.path())) {
            // What a service receives must be exactly what the gateway checked: no dot segments, no encoded tricks.
            ProblemResponses.write(rc, Problem.badRequest("The path is not in normal form."));
            return;
        }
        if (Callers.isAnonymous(rc) && !PublicPaths.isPublic(request.method(), path)) {
            ProblemResponses.write(rc, Problem.tokenRequired());
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLarge(length, maxBody)) {
            tooLarge(rc, maxBody);
            return;
        }
        request.pause();
        String limitClass = RateLimits.classOf(request.method(), path);
        // The limiter may answer from a timer thread when Redis is slow: continue on this request's own context.
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        limits.spend(rc, limitClass).subscribe().with(decision -> context.runOnContext(ignored -> {
            if (!decision.allowed()) {
                RateLimits.refuse(rc, decision);
                return;
            }
            // Services answer uncompressed on the internal hop; the gateway compresses for the client, like Quarkus
            // does for its own endpoints (which mark every response "identity" until its type proves compressible).
            request.headers().remove(HttpHeaders.ACCEPT_ENCODING);
            rc.addHeadersEndHandler(v -> HttpCompressionHandler.compressIfNeeded(rc, compressedTypes));
            boolean credentials = limitClass.equals(RateLimits.LOGIN) || limitClass.equals(RateLimits.TOKEN);
            // A body of unknown length (chunked, or HTTP/2 without Content-Length) is read up to the limit first.
            boolean unknownLength = length == null && request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD
                    && (request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || request.version() == io.vertx.core.http.HttpVersion.HTTP_2);
            if (credentials || unknownLength) {
                readBody(rc, credentials ? Math.min(maxBody, CREDENTIALS_BODY_LIMIT) : maxBody, body -> {
                    if (credentials) {
                        limitPerAccount(rc, proxy, body, limitClass);
                    } else {
                        bodies.put(rc, body);
                        proxy.handle(request);
                    }
                });
            } else {
                proxy.handle(request);
            }
        }), failure -> context.runOnContext(ignored -> ProblemResponses.write(rc, Problem.internal())));
    }

    /** Login and token attempts also spend the budget of the account they name (username or client id). */
    private void limitPerAccount(RoutingContext rc, HttpProxy proxy, Buffer body, String limitClass) {
        String account = accountOf(rc.request().getHeader(HttpHeaders.CONTENT_TYPE), body,
                limitClass.equals(RateLimits.TOKEN) ? "client_id" : "username");
        var spend = account == null ? io.smallrye.mutiny.Uni.createFrom().item(
                new io.aiff.gateway.ratelimit.RateLimiter.Decision(true, 0, 0, 0, 0))
                : limits.spend(rc, RateLimits.LOGIN_USERNAME, "account:" + account.toLowerCase(java.util.Locale.ROOT));
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        spend.subscribe().with(decision -> context.runOnContext(ignored -> {
            if (!decision.allowed()) {
                RateLimits.refuse(rc, decision);
                return;
            }
            bodies.put(rc, body);
            proxy.handle(rc.request());
        }), failure -> context.runOnContext(ignored -> ProblemResponses.write(rc, Problem.internal())));
    }

    private static String accountOf(String contentType, Buffer body, String field) {
        try {
            if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                for (String pair : body.toString().split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).equals(field)) {
                        return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                    }
                }
                return null;
            }
            Object value = new JsonObject(body).getValue(field);
            return value instanceof String s && !s.isBlank() && s.length() <= 100 ? s : null;
        } catch (RuntimeException notJson) {
            return null; // auth-service answers the malformed body itself
        }
    }

    /** Reads a body of at most {@code max} bytes; beyond it the caller gets 413 and the connection is closed. */
    private static void readBody(RoutingContext rc, long max, java.util.function.Consumer<Buffer> then) {
        Buffer body = Buffer.buffer();
        var request = rc.request();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > max) {
                request.handler(null);
                tooLarge(rc, max); // with Connection: close, so the rest of the body is never read
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!rc.response().ended()) {
                then.accept(body);
            }
        });
        request.resume();
    }

    private static boolean tooLarge(String contentLength, long max) {
        try {
            return Long.parseLong(contentLength.strip()) > max;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void tooLarge(RoutingContext rc, long max) {
        rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        ProblemResponses.write(rc, Problem.of(413, "too-large", "Payload Too Large",
                "The request body is larger than " + max + " bytes."));
    }
}
