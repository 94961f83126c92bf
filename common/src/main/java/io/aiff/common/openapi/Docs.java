package io.aiff.common.openapi;

/**
 * Names the OpenAPI annotations of every service share (constants, so annotations can use them): media types, the
 * problem schemas and the response headers {@link ApiContract} defines once in the components.
 */
public final class Docs {

    public static final String JSON = "application/json";
    public static final String PROBLEM = "application/problem+json";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    /** A collection as CSV (analytics exports). */
    public static final String CSV = "text/csv";

    /** Every error: RFC 9457 members plus {@code request_id}. */
    public static final String PROBLEM_SCHEMA = "Problem";
    /** 400 with {@code errors: [{field, message}]}. */
    public static final String VALIDATION_PROBLEM = "ValidationProblem";
    /** 409 of a move the lifecycle does not have: {@code current} state and the {@code allowed} ones. */
    public static final String TRANSITION_PROBLEM = "TransitionProblem";
    /** 409 naming the {@code field} that conflicts (a name taken, a zone a team does not serve). */
    /** 410 of offline sync: {@code reason} says why the cursor no longer serves (scope_changed, expired). */
    public static final String GONE_PROBLEM = "GoneProblem";
    public static final String CONFLICT_PROBLEM = "ConflictProblem";
    /**
     * Prefix of a 412 schema that carries the resource as it now is: {@code Stale<Schema>} is the problem plus
     * {@code current} (a {@code <Schema>}) and its {@code etag}, built by {@link ApiContract} wherever it is named.
     */
    public static final String STALE_PREFIX = "Stale";

    public static final String ETAG = "ETag";
    public static final String LOCATION = "Location";
    public static final String RETRY_AFTER = "Retry-After";
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    /** The security scheme: a bearer JWT from auth-service. */
    public static final String BEARER = "bearer";

    private Docs() {
    }
}
