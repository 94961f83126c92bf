package io.aiff.gateway.routing;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemResponses;
import io.aiff.common.web.Callers;
import io.aiff.common.web.PublicPaths;
import io.aiff.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.runtime.HttpCompressionHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs one streaming reverse proxy per route of {@link Routes}. The token is checked (proactive authentication)
 * before anything reaches a service; the services check it again themselves.
 */
@ApplicationScoped
public class ProxyRoutes {

    void install(@Observes Router router, Vertx vertx, GatewayConfig config,
            @ConfigProperty(name = "quarkus.http.compress-media-types") List<String> compressedTypes) {
        Set<String> compressed = Set.copyOf(compressedTypes);
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setConnectTimeout((int) config.connectTimeout().toMillis())
                        .setKeepAlive(true)
                        .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(256));
        long timeoutMillis = config.timeout().toMillis();
        Map<String, HttpProxy> proxies = new HashMap<>();
        config.upstreams().forEach((name, upstreamConfig) -> {
            Upstream upstream = new Upstream(name, upstreamConfig.urls());
            proxies.put(name, HttpProxy.reverseProxy(client)
                    .origin(context -> context.client().request(new RequestOptions()
                            .setServer(upstream.next())
                            .setIdleTimeout(timeoutMillis)))
                    .addInterceptor(new UpstreamInterceptor(name)));
        });
        for (Routes.Route route : Routes.ALL) {
            HttpProxy proxy = proxies.get(route.upstream());
            if (proxy == null) {
                throw new IllegalStateException("No upstream configured for " + route.upstream()
                        + " (aiff.gateway.upstreams." + route.upstream() + ".urls)");
            }
            // "/api/auth/*" takes /api/auth and what lies below it, but not /api/authx.
            router.route(route.prefix() + "/*").handler(rc -> forward(rc, proxy, compressed));
        }
    }

    static void forward(RoutingContext rc, HttpProxy proxy, Set<String> compressedTypes) {
        if (!rc.normalizedPath().equals(rc.request().path())) {
            // What a service receives must be exactly what the gateway checked: no dot segments, no encoded tricks.
            ProblemResponses.write(rc, Problem.badRequest("The path is not in normal form."));
            return;
        }
        if (Callers.isAnonymous(rc) && !PublicPaths.isPublic(rc.request().method(), rc.normalizedPath())) {
            ProblemResponses.write(rc, Problem.tokenRequired());
            return;
        }
        // Services answer uncompressed on the internal hop; the gateway compresses for the client, like Quarkus
        // does for its own endpoints (which mark every response "identity" until its type proves compressible).
        rc.request().headers().remove(HttpHeaders.ACCEPT_ENCODING);
        rc.addHeadersEndHandler(v -> HttpCompressionHandler.compressIfNeeded(rc, compressedTypes));
        proxy.handle(rc.request());
    }
}
