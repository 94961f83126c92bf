package io.aiff.common.web;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/** Who is calling, as seen from a plain Vert.x route (proactive authentication has already run). */
public final class Callers {

    private Callers() {
    }

    /** True when the request carried no valid token: Quarkus sets an anonymous identity, not a null user. */
    public static boolean isAnonymous(RoutingContext rc) {
        return !(rc.user() instanceof QuarkusHttpUser user) || user.getSecurityIdentity().isAnonymous();
    }
}
