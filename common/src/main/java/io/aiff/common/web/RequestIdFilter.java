package io.aiff.common.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * Runs before everything else: settles the request id, puts it in the log context (every log line carries it)
 * and echoes it in the response.
 */
@ApplicationScoped
public class RequestIdFilter {

    /** Above the security filters, so that even a refused request has its id. */
    static final int PRIORITY = 10_000;

    void register(@Observes Filters filters) {
        filters.register(RequestIdFilter::apply, PRIORITY);
    }

    static void apply(RoutingContext rc) {
        String id = RequestIds.acceptOrGenerate(rc.request().getHeader(RequestIds.HEADER));
        rc.request().headers().set(RequestIds.HEADER, id);
        rc.response().headers().set(RequestIds.HEADER, id);
        MDC.put(RequestIds.MDC_KEY, id);
        rc.next();
    }
}
