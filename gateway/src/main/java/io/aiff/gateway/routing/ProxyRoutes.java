package io.aiff.gateway.routing;

import io.aiff.common.web.TrustedProxies;
import io.aiff.gateway.config.GatewayConfig;
import io.aiff.gateway.ratelimit.RateLimits;
import io.quarkus.vertx.http.runtime.HttpCompressionHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
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
 * Installs one streaming reverse proxy per route of {@link Routes}, each behind the {@link Admission} chain: the
 * token (proactive authentication; services check it again), the path's normal form, the body size and the rate
 * limits come before anything reaches a service.
 */
@ApplicationScoped
public class ProxyRoutes {

    private final GatewayConfig config;
    private final Admission admission;

    public ProxyRoutes(GatewayConfig config, RateLimits limits) {
        this.config = config;
        this.admission = new Admission(limits);
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
        TrustedProxies trusted = new TrustedProxies(config.trustedProxies());
        Map<String, HttpProxy> proxies = new HashMap<>();
        config.upstreams().forEach((name, upstreamConfig) -> {
            Upstream upstream = new Upstream(name, upstreamConfig.urls(), config.instanceBackoff());
            long timeout = upstreamConfig.timeout().orElse(config.timeout()).toMillis();
            proxies.put(name, HttpProxy.reverseProxy(client)
                    .origin(context -> connect(context, upstream, upstream.candidates(), 0, timeout))
                    .addInterceptor(new UpstreamInterceptor(name, upstreamConfig.urls(), trusted, config.publicUrl())));
        });
        for (Routes.Route route : Routes.ALL) {
            HttpProxy proxy = proxies.get(route.upstream());
            if (proxy == null) {
                throw new IllegalStateException("No upstream configured for " + route.upstream()
                        + " (aiff.gateway.upstreams." + route.upstream() + ".urls)");
            }
            long maxBody = config.maxBodySizes().getOrDefault(route.prefix(), config.maxBodySize());
            // "/api/auth/*" takes /api/auth and what lies below it, but not /api/authx.
            router.route(route.prefix() + "/*")
                    .handler(Admission.label(route.prefix() + "/**"))
                    .handler(Admission::normalForm)
                    .handler(Admission::token)
                    .handler(Admission.bodyLimit(maxBody))
                    .handler(admission.rateLimit())
                    .handler(admission.accountLimit())
                    .handler(rc -> proxy(rc, proxy, compressed));
        }
    }

    /**
     * Services answer uncompressed on the internal hop; the gateway compresses for the client, like Quarkus does for
     * its own endpoints (which mark every response "identity" until its type proves compressible).
     */
    private static void proxy(RoutingContext rc, HttpProxy proxy, Set<String> compressedTypes) {
        rc.request().headers().remove(HttpHeaders.ACCEPT_ENCODING);
        rc.addHeadersEndHandler(v -> HttpCompressionHandler.compressIfNeeded(rc, compressedTypes));
        proxy.handle(Admission.proxied(rc));
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
}
