package io.aiff.auth.rest;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.quarkus.logging.Log;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A form-encoded body ({@code application/x-www-form-urlencoded}) read strictly, so that every bad one is a clear
 * 4xx at once: undecodable escapes (400), a parameter given twice (400, RFC 6749 §3.2), a NUL character (400), a
 * value longer than {@link #MAX_VALUE} (413). Unknown parameters are ignored, as RFC 6749 asks.
 */
final class FormBody {

    static final int MAX_VALUE = 2048;

    private FormBody() {
    }

    static Map<String, String> parse(String body, Set<String> known) {
        Map<String, String> values = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return values;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "body");
            if (!known.contains(name)) {
                continue;
            }
            String value = decode(eq < 0 ? "" : pair.substring(eq + 1), name);
            if (value.length() > MAX_VALUE) {
                throw tooLarge(name, value.length());
            }
            if (value.indexOf('\0') >= 0) {
                throw ProblemException.badRequest(name, "must not contain NUL characters");
            }
            if (values.put(name, value) != null) {
                throw ProblemException.badRequest(name, "is given more than once");
            }
        }
        return values;
    }

    private static ProblemException tooLarge(String field, int length) {
        Log.infof("Refused a form body whose %s has %d characters", field, length);
        return new ProblemException(Problem.of(413, "too-large", "Payload Too Large",
                field + " may be at most " + MAX_VALUE + " characters.").with("field", field));
    }

    private static String decode(String text, String field) {
        if (text.length() > 3 * MAX_VALUE) { // longer than any escaped value within the limit
            throw tooLarge(field, text.length());
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "is not valid URL encoding");
        }
    }
}
