package io.aiff.common.web;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.problem.ProblemResponses;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * What happens outside the JAX-RS resources: unknown paths, authentication failures raised before a resource is
 * reached (proactive authentication), and anything else that fails on a plain route. All answers are problems.
 */
@ApplicationScoped
public class FallbackRoutes {

    void install(@Observes Router router) {
        router.route().last().handler(FallbackRoutes::unmatched);
        router.route().failureHandler(FallbackRoutes::failure);
    }

    /** No route took the request: 401 first for the API (never reveal what exists), else 404. */
    static void unmatched(RoutingContext rc) {
        if (rc.normalizedPath().startsWith("/api/") && Callers.isAnonymous(rc)) {
            ProblemResponses.write(rc, Problem.tokenRequired());
        } else {
            ProblemResponses.write(rc, Problem.notFound("No resource at this path."));
        }
    }

    static void failure(RoutingContext rc) {
        Throwable failure = rc.failure();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            ProblemResponses.write(rc, Problem.tokenRequired());
        } else if (failure instanceof ForbiddenException) {
            ProblemResponses.write(rc, Problem.forbidden());
        } else if (failure instanceof ProblemException problem) {
            ProblemResponses.write(rc, problem.problem());
        } else if (failure == null && rc.statusCode() >= 400 && rc.statusCode() < 500) {
            int status = rc.statusCode();
            ProblemResponses.write(rc, status == 404 ? Problem.notFound("No resource at this path.")
                    : status == 413 ? Problem.of(413, "too-large", "Payload Too Large", "The request body is too large.")
                    : Problem.of(status, "client-error", "Bad Request", "The request could not be processed."));
        } else {
            Log.errorf(failure, "Unexpected failure answering %s", rc.normalizedPath());
            ProblemResponses.write(rc, Problem.internal());
        }
    }
}
