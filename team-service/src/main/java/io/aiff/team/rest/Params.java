package io.aiff.team.rest;

import io.aiff.common.problem.ProblemException;
import io.aiff.team.GeoPoint;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Query parameters read by hand, so that a bad one is a 400 naming it (JAX-RS conversion failures are 404s). */
final class Params {

    private Params() {
    }

    static GeoPoint point(String lat, String lon) {
        return new GeoPoint(number("lat", lat, -90, 90), number("lon", lon, -180, 180));
    }

    static double number(String name, String value, double min, double max) {
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

    static int integer(String name, String value, int fallback, int min, int max) {
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

    static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.badRequest(name, "must be true or false");
        };
    }

    /** A comma list; each value must be one of {@code allowed} when that is given. */
    static List<String> list(String name, String value, Set<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        List<String> values = Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
        for (String v : values) {
            if (v.length() > 100 || (allowed != null && !allowed.contains(v))) {
                throw ProblemException.badRequest(name, allowed == null ? "has a value that is too long"
                        : "must be among " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return values.isEmpty() ? null : values;
    }
}
