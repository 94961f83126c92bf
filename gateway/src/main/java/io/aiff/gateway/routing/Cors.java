package io.aiff.gateway.routing;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemResponses;
import io.aiff.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Set;

/**
 * CORS for browsers: requests from the configured origins get the Access-Control headers (a preflight is answered
 * here, 204, before any token is asked for); a cross-origin request from any other origin is refused with a 403
 * problem, like every error. Requests without Origin (mobile apps, services) and same-origin ones pass untouched.
 */
@ApplicationScoped
public class Cors {

    /** Before authentication (a preflight carries no token) and after the request id. */
    static final int PRIORITY = 9_800;

    private final Set<String> origins;
    private final String methods;
    private final String headers;
    private final String exposed;

    public Cors(GatewayConfig config) {
        this.origins = Set.copyOf(config.cors().origins().orElse(List.of()).stream().map(String::strip)
                .filter(o -> !o.isEmpty()).toList());
        this.methods = String.join(",", config.cors().methods());
        this.headers = String.join(",", config.cors().headers());
        this.exposed = String.join(",", config.cors().exposedHeaders());
    }

    void register(@Observes Filters filters) {
        filters.register(this::apply, PRIORITY);
    }

    void apply(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || sameOrigin(request, origin)) {
            rc.next();
            return;
        }
        if (!origins.contains(origin)) {
            ProblemResponses.write(rc, Problem.of(403, "cors-origin-not-allowed", "Forbidden",
                    "Requests from the origin " + origin + " are not allowed."));
            return;
        }
        var response = rc.response();
        response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin).putHeader(HttpHeaders.VARY, "Origin");
        if (request.method() == HttpMethod.OPTIONS && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, methods)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, headers)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600")
                    .setStatusCode(204).end();
            return;
        }
        response.putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposed);
        rc.next();
    }

    private static boolean sameOrigin(HttpServerRequest request, String origin) {
        return request.authority() != null && origin.equals(request.scheme() + "://" + request.authority());
    }
}
