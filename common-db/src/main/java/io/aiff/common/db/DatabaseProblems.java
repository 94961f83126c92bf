package io.aiff.common.db;

import io.aiff.common.problem.SqlStates;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** PostgreSQL's refusals the checks before it cannot rule out ({@link SqlStates}); never SQL text in the answer. */
public class DatabaseProblems {

    @ServerExceptionMapper
    public Response database(PgException e, HttpServerRequest request) {
        return SqlStates.response(e.getSqlState(), e, request);
    }
}
