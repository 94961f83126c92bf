package io.aiff.common.web;

import io.aiff.common.problem.FieldError;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemResponses;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Map;

/**
 * Checks every request gets before anything reads it, in every service: a request line within {@link #MAX_URI}
 * (414; the HTTP codec's own limit is set higher so that this answer has a body), and no NUL character in the path or
 * a query parameter (400 naming it; PostgreSQL cannot store NUL, so it must never get that far).
 */
@ApplicationScoped
public class RequestChecks {

    /** The longest path and query answered (the codec admits more, see quarkus.http.limits.max-initial-line-length). */
    static final int MAX_URI = 8192;
    static final int PRIORITY = RequestIdFilter.PRIORITY - 500;

    void register(@Observes Filters filters) {
        filters.register(RequestChecks::check, PRIORITY);
    }

    static void check(RoutingContext rc) {
        String uri = rc.request().uri();
        if (uri.length() > MAX_URI) {
            ProblemResponses.write(rc, Problem.of(414, "uri-too-long", "URI Too Long",
                    "The path and query may be at most " + MAX_URI + " characters."));
            return;
        }
        if (uri.contains("%00")) {
            String field = nulField(rc);
            if (field != null) {
                ProblemResponses.write(rc, Problem.validation(List.of(new FieldError(field, "must not contain NUL characters"))));
                return;
            }
        }
        rc.next();
    }

    /** The parameter (or "path") holding a NUL character, if any. */
    private static String nulField(RoutingContext rc) {
        if (rc.request().path().contains("%00")) {
            return "path";
        }
        try {
            for (Map.Entry<String, String> param : rc.queryParams()) {
                if (param.getKey().indexOf('\0') >= 0 || param.getValue().indexOf('\0') >= 0) {
                    return param.getKey().replace("\0", "");
                }
            }
        } catch (IllegalArgumentException malformed) {
            return "query";
        }
        return null;
    }
}
