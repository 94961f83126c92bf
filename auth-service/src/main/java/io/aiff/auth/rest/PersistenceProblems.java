package io.aiff.auth.rest;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemResponses;
import io.aiff.common.problem.SqlStates;
import io.aiff.common.web.Versions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.DataException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Races the service checks cannot rule out: two writers of one version (412), two creators of one unique value
 * (409). Never a 500, never SQL text.
 */
public class PersistenceProblems {

    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response stale(RuntimeException e, HttpServerRequest request) {
        return ProblemResponses.response(Versions.stale().problem(), request);
    }

    @ServerExceptionMapper
    public Response unique(ConstraintViolationException e, HttpServerRequest request) {
        return ProblemResponses.response(Problem.conflict("A value that must be unique is already in use."), request);
    }

    /** A value PostgreSQL refused to take (NUL and the like) — what the request checks did not already catch. */
    @ServerExceptionMapper
    public Response data(DataException e, HttpServerRequest request) {
        return SqlStates.response(e.getSQLState(), e, request);
    }
}
