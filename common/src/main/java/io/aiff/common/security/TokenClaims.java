package io.aiff.common.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads AIFF's own claims ({@code permissions}, {@code team_ids}, {@code zones}, {@code sid}) from a verified token.
 * They are read from the parsed claim set directly: {@link JsonWebToken#getClaim(String)} first looks the name up
 * among the standard claims and throws (and catches) an exception for every other name, two per request.
 */
public final class TokenClaims {

    /** The parsed claims (jose4j) inside smallrye-jwt's principal; null if its shape ever changes. */
    private static final MethodHandle CLAIMS_SET = claimsSetGetter();

    private TokenClaims() {
    }

    public static List<String> strings(JsonWebToken jwt, String claim) {
        List<String> strings = new ArrayList<>();
        if (raw(jwt, claim) instanceof List<?> list) {
            for (Object value : list) {
                String string = string(value);
                if (string != null) {
                    strings.add(string);
                }
            }
        }
        return strings;
    }

    public static List<Integer> numbers(JsonWebToken jwt, String claim) {
        List<Integer> numbers = new ArrayList<>();
        if (raw(jwt, claim) instanceof List<?> list) {
            for (Object value : list) {
                if (value instanceof Number number) {
                    numbers.add(number.intValue());
                } else if (value instanceof JsonNumber number) {
                    numbers.add(number.intValue());
                }
            }
        }
        return numbers;
    }

    /** A string claim, or null when it is absent or not a string. */
    public static String string(JsonWebToken jwt, String claim) {
        return string(raw(jwt, claim));
    }

    public static List<String> permissions(JsonWebToken jwt) {
        return strings(jwt, Claims.PERMISSIONS);
    }

    /** The session of a caller's user token ({@code sid}); null for service tokens and anonymous callers. */
    public static String sessionOf(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken jwt ? string(jwt, Claims.SID) : null;
    }

    public static boolean isService(JsonWebToken jwt) {
        return jwt.getGroups() != null && jwt.getGroups().contains(Claims.SERVICE_GROUP);
    }

    /** Whether claims are read without smallrye-jwt's per-lookup exception (a test guards against upgrades). */
    static boolean readsClaimsDirectly() {
        return CLAIMS_SET != null;
    }

    private static Object raw(JsonWebToken jwt, String claim) {
        if (CLAIMS_SET != null && jwt instanceof DefaultJWTCallerPrincipal) {
            try {
                return ((JwtClaims) CLAIMS_SET.invoke(jwt)).getClaimValue(claim);
            } catch (Throwable e) {
                return jwt.getClaim(claim);
            }
        }
        return jwt.getClaim(claim);
    }

    private static MethodHandle claimsSetGetter() {
        try {
            return MethodHandles.privateLookupIn(DefaultJWTCallerPrincipal.class, MethodHandles.lookup())
                    .findGetter(DefaultJWTCallerPrincipal.class, "claimsSet", JwtClaims.class)
                    .asType(MethodType.methodType(JwtClaims.class, JsonWebToken.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static String string(Object value) {
        return value instanceof String string ? string : value instanceof JsonString json ? json.getString() : null;
    }
}
