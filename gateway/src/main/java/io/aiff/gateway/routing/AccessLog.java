package io.aiff.gateway.routing;

import io.aiff.common.security.Caller;
import io.aiff.common.web.RequestIds;
import io.aiff.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** One line per request: method, route, status, duration, caller (user or client id), request id. */
@ApplicationScoped
public class AccessLog {

    private static final Logger LOG = Logger.getLogger("aiff.access");

    private final boolean json;

    public AccessLog(GatewayConfig config) {
        this.json = config.accessLog().json();
    }

    void register(@Observes Filters filters) {
        // Just below the request-id filter, so the line carries the id.
        filters.register(this::record, 9_000);
    }

    private void record(RoutingContext rc) {
        long start = System.nanoTime();
        rc.addEndHandler(done -> {
            double millis = (System.nanoTime() - start) / 1e6;
            String route = rc.currentRoute() != null && rc.currentRoute().getPath() != null
                    ? rc.currentRoute().getPath() : rc.normalizedPath();
            String caller = caller(rc);
            int status = rc.response().getStatusCode();
            String id = RequestIds.of(rc);
            if (json) {
                LOG.info(new JsonObject().put("method", rc.request().method().name()).put("path", rc.normalizedPath())
                        .put("route", route).put("status", status).put("duration_ms", Math.round(millis * 10) / 10.0)
                        .put("caller", caller).put("request_id", id).encode());
            } else {
                LOG.infof("%s %s %d %.1fms caller=%s rid=%s", rc.request().method().name(), rc.normalizedPath(),
                        status, millis, caller, id);
            }
        });
        rc.next();
    }

    private static String caller(RoutingContext rc) {
        if (rc.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()) {
            return Caller.of(user.getSecurityIdentity()).actor();
        }
        return "anonymous";
    }
}
