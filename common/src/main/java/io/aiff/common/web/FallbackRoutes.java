package io.aiff.common.web;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.problem.ProblemResponses;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;

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

    /** The management interface answers its failures (a request without Host, say) as problems too. */
    void install(@Observes ManagementInterface management) {
        management.router().route().failureHandler(FallbackRoutes::failure);
    }

    /** No route took the request: 401 first for the API (never reveal what exists), else 404. */
    static void unmatched(RoutingContext rc) {
        if (rc.normalizedPath().startsWith("/api/") && Callers.isAnonymous(rc)) {
            MetricLabels.unmatched(rc, 401);
            ProblemResponses.write(rc, Problem.tokenRequired());
        } else {
            MetricLabels.unmatched(rc, 404);
            ProblemResponses.write(rc, Problem.notFound("No resource at this path."));
        }
    }

    static void failure(RoutingContext rc) {
        if (rc.response().ended()) {
            return; // already answered: a later failure of the same request (a body still arriving) says nothing new
        }
        Throwable failure = rc.failure();
        int status = failure instanceof WebApplicationException web ? web.getResponse().getStatus() : rc.statusCode();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            MetricLabels.unmatched(rc, 401);
        } else if (!(failure instanceof ProblemException)) {
            MetricLabels.unmatched(rc, status);
        }
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            ProblemResponses.write(rc, Problem.tokenRequired());
        } else if (failure instanceof ForbiddenException) {
            ProblemResponses.write(rc, Problem.forbidden());
        } else if (failure instanceof ProblemException problem) {
            ProblemResponses.write(rc, problem.problem());
        } else if (status >= 400 && status < 500) {
            // The client's fault, found before any resource ran (no Host header, a body over the limit): no stack trace.
            boolean noHost = status == 400 && rc.request().authority() == null && rc.request().version() != HttpVersion.HTTP_1_0;
            ProblemResponses.write(rc, noHost ? Problem.badRequest("A Host header is required.") : clientError(status));
        } else {
            Log.errorf(failure, "Unexpected failure answering %s", rc.normalizedPath());
            ProblemResponses.write(rc, Problem.internal());
        }
    }

    static Problem clientError(int status) {
        return switch (status) {
            case 404 -> Problem.notFound("No resource at this path.");
            case 413 -> Problem.of(413, "too-large", "Payload Too Large", "The request body is too large.");
            case 414 -> Problem.of(414, "uri-too-long", "URI Too Long", "The request line is too long.");
            case 431 -> Problem.of(431, "headers-too-large", "Request Header Fields Too Large", "The request headers are too large.");
            default -> Problem.of(status, "client-error", HttpResponseStatus.valueOf(status).reasonPhrase(),
                    "The request could not be processed.");
        };
    }
}
