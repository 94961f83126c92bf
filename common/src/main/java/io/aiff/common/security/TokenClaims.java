package io.aiff.common.security;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/** Reads AIFF's list claims ({@code permissions}, {@code team_ids}, {@code zones}) from a verified token. */
public final class TokenClaims {

    private TokenClaims() {
    }

    public static List<String> strings(JsonWebToken jwt, String claim) {
        Object value = jwt.getClaim(claim);
        return value instanceof JsonArray array
                ? array.stream().filter(JsonString.class::isInstance).map(v -> ((JsonString) v).getString()).toList()
                : List.of();
    }

    public static List<Integer> numbers(JsonWebToken jwt, String claim) {
        Object value = jwt.getClaim(claim);
        return value instanceof JsonArray array
                ? array.stream().filter(JsonNumber.class::isInstance).map(v -> ((JsonNumber) v).intValue()).toList()
                : List.of();
    }

    public static List<String> permissions(JsonWebToken jwt) {
        return strings(jwt, Claims.PERMISSIONS);
    }

    public static boolean isService(JsonWebToken jwt) {
        return jwt.getGroups() != null && jwt.getGroups().contains(Claims.SERVICE_GROUP);
    }
}
