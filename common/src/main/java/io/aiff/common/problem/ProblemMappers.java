package io.aiff.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.aiff.common.json.ApiJson;
import io.aiff.common.web.MetricLabels;
import io.aiff.common.web.PublicPaths;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every failure a JAX-RS resource can raise becomes an RFC 9457 problem. Nothing internal leaks: unexpected
 * exceptions are logged with the request id and answered with a generic 500.
 */
public class ProblemMappers {

    private final SecurityIdentity identity;

    public ProblemMappers(SecurityIdentity identity) {
        this.identity = identity;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return ProblemResponses.response(e.problem(), request);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, HttpServerRequest request) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .collect(Collectors.toList());
        return ProblemResponses.response(Problem.validation(errors), request);
    }

    @ServerExceptionMapper({UnrecognizedPropertyException.class})
    public Response unknownField(UnrecognizedPropertyException e, HttpServerRequest request) {
        String field = jsonPath(e);
        return ProblemResponses.response(Problem.validation(List.of(new FieldError(field, "unknown field"))), request);
    }

    @ServerExceptionMapper({InvalidFormatException.class, MismatchedInputException.class})
    public Response wrongType(MismatchedInputException e, HttpServerRequest request) {
        String field = jsonPath(e);
        if (field.isEmpty()) {
            return ProblemResponses.response(Problem.badRequest("The request body does not have the expected shape."), request);
        }
        String message = e instanceof ApiJson.Refused ? e.getOriginalMessage() : "has the wrong type";
        return ProblemResponses.response(Problem.validation(List.of(new FieldError(field, message))), request);
    }

    /** A body Jackson cannot bind at all (a record property given twice reaches it as such). */
    @ServerExceptionMapper
    public Response unbindable(InvalidDefinitionException e, HttpServerRequest request) {
        return ProblemResponses.response(Problem.badRequest("The request body does not have the expected shape."), request);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, HttpServerRequest request) {
        String message = e.getOriginalMessage();
        if (e instanceof JsonParseException && message != null && message.startsWith("Duplicate field '")) {
            String field = message.substring("Duplicate field '".length(), message.indexOf('\'', "Duplicate field '".length()));
            return ProblemResponses.response(Problem.validation(List.of(new FieldError(field, "is given more than once"))), request);
        }
        return ProblemResponses.response(Problem.badRequest("The request body is not valid JSON."), request);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, HttpServerRequest request) {
        return ProblemResponses.response(Problem.tokenRequired(), request);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return ProblemResponses.response(Problem.forbidden(), request);
    }

    /**
     * Without a valid token nothing under /api/ is revealed: not whether a path exists, nor which methods or
     * content types it takes. Public paths answer as usual.
     */
    private boolean hidden(HttpServerRequest request) {
        return request.path().startsWith("/api/") && identity.isAnonymous()
                && !PublicPaths.isPublic(request.method(), request.path());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, HttpServerRequest request) {
        if (hidden(request)) {
            MetricLabels.unmatched(request, 401);
            return ProblemResponses.response(Problem.tokenRequired(), request);
        }
        MetricLabels.unmatched(request, 404);
        return ProblemResponses.response(Problem.notFound("No resource at this path."), request);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, HttpServerRequest request) {
        if (hidden(request)) {
            MetricLabels.unmatched(request, 401);
            return ProblemResponses.response(Problem.tokenRequired(), request);
        }
        Response response = ProblemResponses.response(
                Problem.of(405, "method-not-allowed", "Method Not Allowed", "This method is not supported here."), request);
        Response.ResponseBuilder builder = Response.fromResponse(response);
        e.getResponse().getAllowedMethods().forEach(m -> builder.header("Allow", m));
        return builder.build();
    }

    /** The other JAX-RS answers (415, 406, 400 from parameter conversion ...): keep the status, give a problem. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (hidden(request)) {
            MetricLabels.unmatched(request, 401);
            return ProblemResponses.response(Problem.tokenRequired(), request);
        }
        // The JSON reader wraps what it cannot parse (a key given twice, broken syntax) in a 400: say what it was.
        if (e.getCause() instanceof MismatchedInputException mismatched) {
            return wrongType(mismatched, request);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, request);
        }
        if (status >= 500) {
            Log.errorf(e, "Unexpected failure answering %s", request.path());
            return ProblemResponses.response(Problem.internal(), request);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 415 -> "This content type is not supported here; send application/json.";
            case 406 -> "No acceptable representation; this API answers application/json.";
            case 400 -> "The request is malformed.";
            default -> title + ".";
        };
        return ProblemResponses.response(Problem.of(status, slug(title), title, detail), request);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        Log.errorf(e, "Unexpected failure answering %s", request.path());
        return ProblemResponses.response(Problem.internal(), request);
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }

    private static String jsonPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /**
     * The JSON path of a violation: {@code create.body.coverageArea[2].lat} → {@code coverage_area[2].lat}, also for
     * a bean validated by hand (no method and parameter nodes); a query parameter keeps its own name.
     */
    static String fieldName(ConstraintViolation<?> violation) {
        String parameter = null;
        StringBuilder name = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER, BEAN -> {
                    continue;
                }
                case PARAMETER -> {
                    parameter = node.getName();
                    continue;
                }
                default -> {
                }
            }
            if (node.isInIterable() && node.getIndex() != null) {
                name.append('[').append(node.getIndex()).append(']');
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT || node.getName() == null) {
                continue;
            }
            if (!name.isEmpty()) {
                name.append('.');
            }
            name.append(snakeCase(node.getName()));
        }
        return name.isEmpty() ? parameter : name.toString();
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
