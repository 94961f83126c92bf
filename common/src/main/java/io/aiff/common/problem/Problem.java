package io.aiff.common.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail as every AIFF service answers it (see docs/api.md, "Errors").
 * Extension members (errors, current, allowed, field, ...) sit beside the standard ones.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "request_id"})
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://aiff.io/problems/";

    private final String type;
    private final String title;
    private final int status;
    private final String detail;
    private String instance;
    private String requestId;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Problem(String type, String title, int status, String detail) {
        this.type = type;
        this.title = title;
        this.status = status;
        this.detail = detail;
    }

    /** A problem whose type is derived from a short slug, e.g. {@code of(404, "not-found", "Not Found", "...")}. */
    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail);
    }

    public static Problem badRequest(String detail) {
        return of(400, "bad-request", "Bad Request", detail);
    }

    public static Problem validation(List<FieldError> errors) {
        return of(400, "validation", "Validation failed", "The request has invalid fields.").with("errors", errors);
    }

    public static Problem unauthorized(String detail) {
        return of(401, "unauthorized", "Unauthorized", detail);
    }

    /** Missing, expired or otherwise invalid bearer token. */
    public static Problem tokenRequired() {
        return unauthorized("A valid bearer token is required.");
    }

    public static Problem forbidden() {
        return of(403, "forbidden", "Forbidden", "You are not allowed to do this.");
    }

    public static Problem notFound(String detail) {
        return of(404, "not-found", "Not Found", detail);
    }

    public static Problem conflict(String detail) {
        return of(409, "conflict", "Conflict", detail);
    }

    public static Problem internal() {
        return of(500, "internal", "Internal Server Error", "Something went wrong on our side; quote the request id when reporting it.");
    }

    public Problem with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    public Problem instance(String instance) {
        this.instance = instance;
        return this;
    }

    public Problem requestId(String requestId) {
        this.requestId = requestId;
        return this;
    }

    public String getType() {
        return type;
    }

    public String getTitle() {
        return title;
    }

    public int getStatus() {
        return status;
    }

    public String getDetail() {
        return detail;
    }

    public String getInstance() {
        return instance;
    }

    @JsonProperty("request_id")
    public String getRequestId() {
        return requestId;
    }

    @JsonAnyGetter
    public Map<String, Object> getExtensions() {
        return extensions;
    }
}
