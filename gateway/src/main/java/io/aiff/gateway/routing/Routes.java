package io.aiff.gateway.routing;

import java.util.List;

/** The routing table of shared/API.md: path prefix to upstream. The public paths are {@code PublicPaths}. */
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

    private Routes() {
    }

}
