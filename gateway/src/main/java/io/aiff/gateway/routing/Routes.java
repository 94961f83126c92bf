package io.aiff.gateway.routing;

import io.vertx.core.http.HttpMethod;

import java.util.List;
import java.util.Set;

/** The routing table of shared/API.md: path prefix to upstream, and the paths that need no token. */
public final class Routes {

    public record Route(String prefix, String upstream) {
    }

    public static final List<Route> ALL = List.of(
            new Route("/api/auth", "auth"),
            new Route("/api/users", "auth"),
            new Route("/api/roles", "auth"),
            new Route("/api/permissions", "auth"),
            new Route("/api/tickets", "tickets"),
            new Route("/api/assignments", "tickets"),
            new Route("/api/sla", "tickets"),
            new Route("/api/teams", "teams"),
            new Route("/api/zones", "teams"),
            new Route("/api/analytics", "analytics"));

    private static final Set<String> PUBLIC = Set.of(
            "POST /api/auth/login",
            "POST /api/auth/refresh",
            "POST /api/auth/token",
            "GET /api/auth/jwks");

    private Routes() {
    }

    public static boolean isPublic(HttpMethod method, String path) {
        return PUBLIC.contains(method.name() + " " + path);
    }
}
