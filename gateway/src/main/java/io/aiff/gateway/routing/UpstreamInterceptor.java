package io.aiff.gateway.routing;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemResponses;
import io.aiff.common.web.RequestIds;
import io.aiff.common.web.TrustedProxies;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.net.ConnectException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * What the gateway adds to every proxied exchange: forwarding headers, one request id in the response, absolute URLs
 * in {@code Location} and {@code Content-Location} on the gateway's public base (a service names its own port), and a
 * problem+json answer (502/503/504) when the upstream cannot be reached or stays silent.
 */
final class UpstreamInterceptor implements ProxyInterceptor {

    private static final String RETRY_AFTER_SECONDS = "5";
    /** Set by the gateway itself (quarkus.http.header.*) on every answer; the service's copies would repeat them. */
    private static final String[] OWN_HEADERS = {RequestIds.HEADER, "X-Content-Type-Options", "X-Frame-Options",
            "Referrer-Policy", "Strict-Transport-Security", "Content-Security-Policy"};

    private static final String[] URL_HEADERS = {"Location", "Content-Location"};

    private final String upstream;
    private final Set<String> upstreamAuthorities;
    private final TrustedProxies proxies;
    private final URI publicUrl;

    /** {@code upstreamUrls}: the upstream's instances; only URLs naming one of them (or the gateway) are moved. */
    UpstreamInterceptor(String upstream, List<URI> upstreamUrls, TrustedProxies proxies, URI publicUrl) {
        this.upstream = upstream;
        this.upstreamAuthorities = upstreamUrls.stream().map(u -> u.getRawAuthority().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.proxies = proxies;
        this.publicUrl = publicUrl;
    }

    /**
     * The last value of a forwarding header from a trusted proxy (the one the proxy next to the gateway wrote: earlier
     * values came from further out, any client can write them), or null.
     */
    private String forwarded(HttpServerRequest in, String header) {
        String value = in.getHeader(header);
        if (value == null || in.remoteAddress() == null || !proxies.isTrusted(in.remoteAddress().hostAddress())) {
            return null;
        }
        String[] values = value.split(",");
        String last = values[values.length - 1].strip();
        return last.isEmpty() ? null : last;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        HttpServerRequest in = context.request().proxiedRequest();
        if (in instanceof BufferedRequest buffered) {
            context.request().setBody(Body.body(buffered.buffered()));
        }
        var headers = context.request().headers();
        // Services see the caller's address; forwarding headers from the outside count only from trusted proxies.
        String proto = forwarded(in, "X-Forwarded-Proto") != null ? forwarded(in, "X-Forwarded-Proto") : in.scheme();
        String host = forwarded(in, "X-Forwarded-Host") != null ? forwarded(in, "X-Forwarded-Host")
                : in.authority() == null ? null : in.authority().toString();
        for (String spoofable : new String[] {"Forwarded", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Real-IP"}) {
            headers.remove(spoofable);
        }
        headers.set("X-Forwarded-For", proxies.clientAddress(in));
        headers.set("X-Forwarded-Proto", proto.equalsIgnoreCase("https") ? "https" : "http");
        if (host != null) {
            headers.set("X-Forwarded-Host", host);
        } else {
            headers.remove("X-Forwarded-Host");
        }
        return context.sendRequest().recover(failure -> Future.succeededFuture(failed(context, failure)));
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        var headers = context.response().headers();
        for (String own : OWN_HEADERS) {
            headers.remove(own);
        }
        for (String name : URL_HEADERS) {
            String value = headers.get(name);
            if (value != null) {
                headers.set(name, onPublicBase(value, context.request().proxiedRequest()));
            }
        }
        return context.sendResponse();
    }

    /**
     * An absolute URL naming the upstream (or the gateway) moved onto the base callers use: the configured public URL,
     * or, behind a trusted proxy, the host it says the caller used (X-Forwarded-Host, with X-Forwarded-Proto or else
     * the public URL's scheme). Relative URLs and URLs of other hosts stay as they are.
     */
    String onPublicBase(String url, HttpServerRequest in) {
        URI target;
        try {
            target = URI.create(url);
        } catch (IllegalArgumentException notAUrl) {
            return url;
        }
        if (!target.isAbsolute() || target.getRawAuthority() == null) {
            return url;
        }
        String named = target.getRawAuthority().toLowerCase(Locale.ROOT);
        if (!upstreamAuthorities.contains(named) && (in.authority() == null || !named.equalsIgnoreCase(in.authority().toString()))) {
            return url;
        }
        String scheme = publicUrl.getScheme();
        String authority = publicUrl.getRawAuthority();
        String forwardedHost = forwarded(in, "X-Forwarded-Host");
        if (forwardedHost != null) {
            authority = forwardedHost;
            String proto = forwarded(in, "X-Forwarded-Proto");
            scheme = proto == null ? scheme : proto.equalsIgnoreCase("https") ? "https" : "http";
        }
        String base = publicUrl.getRawPath() == null ? "" : publicUrl.getRawPath().replaceAll("/+$", "");
        return scheme + "://" + authority + base + target.getRawPath()
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                + (target.getRawFragment() == null ? "" : "#" + target.getRawFragment());
    }

    private ProxyResponse failed(ProxyContext context, Throwable failure) {
        HttpServerRequest in = context.request().proxiedRequest();
        Problem problem;
        boolean retry = false;
        if (failure instanceof UpstreamUnavailable || failure instanceof ConnectException
                || failure.getCause() instanceof ConnectException) {
            problem = Problem.of(503, "upstream-unavailable", "Service Unavailable",
                    "The " + upstream + " service is not reachable right now; try again shortly.");
            retry = true;
        } else if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
            problem = Problem.of(504, "upstream-timeout", "Gateway Timeout",
                    "The " + upstream + " service did not answer in time.");
        } else {
            problem = Problem.of(502, "upstream-failed", "Bad Gateway",
                    "The " + upstream + " service failed to answer.");
        }
        Log.warnf("Upstream %s failed for %s %s: %s", upstream, in.method(), in.path(), failure.toString());
        ProblemResponses.complete(problem, in);
        ProxyResponse response = context.request().release().response()
                .setStatusCode(problem.getStatus())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .setBody(Body.body(Buffer.buffer(Json.encode(problem))));
        if (retry) {
            response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response;
    }
}
