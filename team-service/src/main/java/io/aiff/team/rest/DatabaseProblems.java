package io.aiff.team.rest;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemResponses;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What PostgreSQL refuses that the checks before it cannot rule out: text it cannot store (a NUL character) is the
 * caller's 400; two writers deadlocking or failing to serialise is a 409 to retry. Never SQL text in the answer.
 */
public class DatabaseProblems {

    @ServerExceptionMapper
    public Response database(PgException e, HttpServerRequest request) {
        String state = e.getSqlState() == null ? "" : e.getSqlState();
        return switch (state) {
            case "22021", "22P05" -> ProblemResponses.response(
                    Problem.badRequest("The request contains characters that cannot be stored (such as NUL)."), request);
            case "40P01", "40001" -> ProblemResponses.response(Problem.conflict(
                    "A concurrent change got in the way; read again and retry.").with("retry_after", 1), request);
            default -> {
                Log.errorf(e, "Database failure answering %s", request.path());
                yield ProblemResponses.response(Problem.internal(), request);
            }
        };
    }
}
