package io.aiff.common.problem;

import io.aiff.common.web.RequestIds;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;

/** Turns a {@link Problem} into a response, for JAX-RS resources and for plain Vert.x routes alike. */
public final class ProblemResponses {

    public static final String BEARER_CHALLENGE = "Bearer";
    /** A problem extension whose value (seconds) also becomes the Retry-After header. */
    public static final String RETRY_AFTER = "retry_after";

    private ProblemResponses() {
    }

    /** Completes the problem with the request's path and id. */
    public static Problem complete(Problem problem, HttpServerRequest request) {
        if (request != null) {
            if (problem.getInstance() == null) {
                problem.instance(request.path());
            }
            problem.requestId(RequestIds.of(request));
        }
        return problem;
    }

    public static Response response(Problem problem, HttpServerRequest request) {
        Response.ResponseBuilder builder = Response.status(problem.getStatus())
                .type(Problem.MEDIA_TYPE)
                .entity(complete(problem, request));
        if (problem.getStatus() == 401) {
            builder.header("WWW-Authenticate", BEARER_CHALLENGE);
        }
        Object retryAfter = problem.getExtensions().get(RETRY_AFTER);
        if (retryAfter != null) {
            builder.header("Retry-After", retryAfter.toString());
        }
        return builder.build();
    }

    /** Writes the problem on a Vert.x route (outside JAX-RS: fallbacks, auth failures, the gateway). */
    public static void write(RoutingContext rc, Problem problem) {
        if (rc.response().ended()) {
            return;
        }
        complete(problem, rc.request());
        var response = rc.response().setStatusCode(problem.getStatus())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.getStatus() == 401) {
            response.putHeader("WWW-Authenticate", BEARER_CHALLENGE);
        }
        Object retryAfter = problem.getExtensions().get(RETRY_AFTER);
        if (retryAfter != null) {
            response.putHeader("Retry-After", retryAfter.toString());
        }
        response.end(Json.encode(problem));
    }
}
