package io.aiff.common.web;

import java.util.function.ToLongFunction;

import java.util.function.Supplier;

import java.util.function.Function;

import io.smallrye.mutiny.Uni;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * Strong ETags from a row's version, and the conditional-request rules of docs/api.md: reads answer 304 to a
 * matching If-None-Match; updates need If-Match (428 without it, 412 when it is stale).
 */
public final class Versions {

    private Versions() {
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** 200 with the body and a strong ETag of the version, or 304 when the client already holds that version. */
    public static Response tagged(Object body, long version, String ifNoneMatch) {
        return matches(ifNoneMatch, version) ? Response.notModified(tag(version)).build() : ok(body, version);
    }

    /** 200 with the body and a strong ETag of the version (the answer to a change). */
    public static Response ok(Object body, long version) {
        return Response.ok(body).tag(tag(version)).build();
    }

    /** 201 with the new resource's Location, the body and a strong ETag of its version. */
    public static Response created(String location, Object body, long version) {
        return Response.created(URI.create(location)).tag(tag(version)).entity(body).build();
    }

    private static EntityTag tag(long version) {
        return new EntityTag(String.valueOf(version));
    }

    public static boolean matches(String ifNoneMatch, long version) {
        if (ifNoneMatch == null) {
            return false;
        }
        String etag = etag(version);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The version an If-Match names; missing → 428, not one of our ETags → 412. Versions are database integers, so a
     * tag beyond their range was never issued: 412 as well.
     */
    public static int required(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(Problem.of(428, "precondition-required", "Precondition Required",
                    "Send If-Match with the ETag you read, so that a concurrent change is never overwritten."));
        }
        String tag = ifMatch.strip();
        if (tag.length() > 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            try {
                return Integer.parseInt(tag.substring(1, tag.length() - 1));
            } catch (NumberFormatException e) {
                // a tag we never issued
            }
        }
        throw stale();
    }

    /** For actions where If-Match is optional: null without one, else as {@link #required}. */
    public static Integer optional(String ifMatch) {
        return ifMatch == null || ifMatch.isBlank() ? null : required(ifMatch);
    }

    public static ProblemException stale() {
        return new ProblemException(Problem.of(412, "stale", "Precondition Failed",
                "The resource changed since you read it; read it again and retry."));
    }

    /**
     * A change whose 412 carries the resource as it now is ({@code current}, read by {@code now} and shown by
     * {@code view}) and its {@code etag}, so that a client merges without reading it again (docs/api.md,
     * "Concurrency and retries"). Other failures pass as they are.
     */
    public static <T, R> Uni<T> staleWithCurrent(Uni<T> change, Supplier<Uni<R>> now, Function<R, Object> view,
                                                 ToLongFunction<R> version) {
        return change.onFailure(ProblemException.class).recoverWithUni(failure -> {
            Problem problem = ((ProblemException) failure).problem();
            if (problem.getStatus() != 412) {
                return Uni.createFrom().failure(failure);
            }
            return now.get().chain(current -> Uni.createFrom().failure(new ProblemException(
                    problem.with("current", view.apply(current)).with("etag", etag(version.applyAsLong(current))))));
        });
    }
}
