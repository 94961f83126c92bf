package io.aiff.common.problem;

import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;

/**
 * What a database refusal means to the caller, by SQLSTATE, for the services' own PgException mappers (aiff-common
 * does not depend on the PostgreSQL client): text PostgreSQL cannot store (NUL) is the caller's 400, a deadlock or
 * serialisation failure a 409 to retry, a row-level-security refusal a 404 (the row is not in the caller's world).
 * Anything else is null: an unexpected failure, answered 500 without details.
 */
public final class SqlStates {

    private SqlStates() {
    }

    /** The answer to a database failure: its problem, else 500 with the failure logged (never SQL text in it). */
    public static Response response(String sqlState, Throwable failure, HttpServerRequest request) {
        Problem problem = problem(sqlState);
        if (problem == null) {
            Log.errorf(failure, "Database failure answering %s", request.path());
            problem = Problem.internal();
        }
        return ProblemResponses.response(problem, request);
    }

    public static Problem problem(String sqlState) {
        if (sqlState == null) {
            return null;
        }
        return switch (sqlState) {
            case "22021", "22P05" -> Problem.badRequest("The request contains characters that cannot be stored (such as NUL).");
            case "40P01", "40001" -> Problem.conflict("A concurrent change got in the way; read again and retry.")
                    .with(ProblemResponses.RETRY_AFTER, 1);
            case "42501" -> Problem.notFound("Not found, or not in your scope.");
            default -> null;
        };
    }
}
