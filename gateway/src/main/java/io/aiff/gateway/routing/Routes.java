package io.aiff.gateway.routing;

import java.util.List;

/**
 * The routing table of docs/api.md: path prefix to upstream. The public paths are {@code PublicPaths}; the gateway's
 * own routes ({@code /api/events}, {@code /api/openapi}, {@code /api/admin}) are not proxied, and {@code /internal/}
 * paths (service to service) never are.
 */
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
            new Route("/api/sync", "tickets"),
            new Route("/api/dispatch", "tickets"),
            new Route("/api/teams", "teams"),
            new Route("/api/zones", "teams"),
            new Route("/api/analytics", "analytics"));

    private Routes() {
    }

}
