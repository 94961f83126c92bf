package io.aiff.common.web;

import io.aiff.common.problem.ProblemException;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Query parameters read by hand, so that a bad one is a 400 naming it (JAX-RS conversion failures are 404s).
 * Absent or blank values are "not given": null, or the fallback.
 */
public final class QueryParams {

    /** Longest single value of a comma list. */
    static final int MAX_VALUE_LENGTH = 100;

    private QueryParams() {
    }

    /** A comma list (trimmed, de-duplicated); each value must be one of {@code allowed} when that is given. */
    public static List<String> list(String name, String value, Set<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        List<String> values = Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
        for (String v : values) {
            if (v.length() > MAX_VALUE_LENGTH || v.indexOf('\0') >= 0 || (allowed != null && !allowed.contains(v))) {
                throw ProblemException.badRequest(name, allowed == null ? "has a value that is not allowed"
                        : "must be among " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return values.isEmpty() ? null : values;
    }

    /** A comma list of ids ({@code ?zone_id=3,7}); null when absent, else a 400 naming the parameter if one is not an id. */
    public static List<Integer> ids(String name, String value) {
        List<String> values = list(name, value, null);
        if (values == null) {
            return null;
        }
        try {
            return values.stream().map(Integer::valueOf).toList();
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name, "must be ids");
        }
    }

    public static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.badRequest(name, "must be true or false");
        };
    }

    public static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(name, "must be a whole number from " + min + " to " + max);
    }

    /** A required number within [min, max]. */
    public static double number(String name, String value, double min, double max) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest(name, "is required");
        }
        try {
            double number = Double.parseDouble(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest(name, "must be a number from " + (long) min + " to " + (long) max);
    }

    /** An RFC 3339 timestamp. */
    public static OffsetDateTime time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name, "must be an RFC 3339 timestamp, e.g. 2026-11-25T08:30:00Z");
        }
    }
}
