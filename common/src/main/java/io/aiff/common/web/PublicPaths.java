package io.aiff.common.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Set;

/**
 * The public API of docs/api.md: the only /api requests that need no token. A token sent to one of them is
 * ignored rather than checked, so a mobile app that always attaches its (perhaps expired) access token can still
 * log in or refresh.
 */
@ApplicationScoped
public class PublicPaths {

    private static final Set<String> PUBLIC = Set.of(
            "POST /api/auth/login",
            "POST /api/auth/refresh",
            "POST /api/auth/token",
            "GET /api/auth/jwks",
            "GET /api/openapi");

    /** Runs before authentication (which Quarkus registers at a lower priority). */
    static final int PRIORITY = RequestIdFilter.PRIORITY - 1;

    public static boolean isPublic(HttpMethod method, String normalizedPath) {
        return PUBLIC.contains(method.name() + " " + normalizedPath);
    }

    void register(@Observes Filters filters) {
        filters.register(PublicPaths::ignoreTokenOnPublicPaths, PRIORITY);
    }

    static void ignoreTokenOnPublicPaths(RoutingContext rc) {
        if (isPublic(rc.request().method(), rc.normalizedPath())) {
            rc.request().headers().remove("Authorization");
        }
        rc.next();
    }
}
