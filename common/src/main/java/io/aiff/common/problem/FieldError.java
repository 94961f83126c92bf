package io.aiff.common.problem;

/** One invalid field of a request: {@code {"field": "title", "message": "must not be blank"}}. */
public record FieldError(String field, String message) {
}
