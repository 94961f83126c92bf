package io.aiff.gateway.routing;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemResponses;
import io.aiff.common.ratelimit.RateLimiter;
import io.aiff.common.web.Callers;
import io.aiff.common.web.MetricLabels;
import io.aiff.common.web.PublicPaths;
import io.aiff.gateway.ratelimit.RateLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a request passes before the gateway proxies it, as a chain of small route handlers, each doing one thing and
 * handing on with {@code rc.next()}: {@link #label} (metrics by route template) → {@link #normalForm} →
 * {@link #token} → {@link #bodyLimit} → {@link #rateLimit} → {@link #accountLimit} → the proxy. A body that must be
 * read before proxying (login and token: their account is limited too; a body of unknown length: its size is) is
 * read in the body step, before any asynchronous step, and travels with the request as a {@link BufferedRequest}.
 */
final class Admission {

    /** Login and token bodies are read (they are small) to limit attempts per account as well as per address. */
    static final int CREDENTIALS_BODY_LIMIT = 16 * 1024;
    private static final String BODY = "aiff.buffered-body";

    private final RateLimits limits;

    Admission(RateLimits limits) {
        this.limits = limits;
    }

    /** Metrics are labelled by route, never by the raw path (each distinct path would be a series of its own). */
    static Handler<RoutingContext> label(String template) {
        return rc -> {
            MetricLabels.label(rc, template);
            rc.next();
        };
    }

    /** What a service receives must be exactly what the gateway checked: no dot segments, no encoded tricks. */
    static void normalForm(RoutingContext rc) {
        if (!rc.normalizedPath().equals(rc.request().path())) {
            ProblemResponses.write(rc, Problem.badRequest("The path is not in normal form."));
            return;
        }
        rc.next();
    }

    /** Without a valid token only the public paths are proxied (services check the token again). */
    static void token(RoutingContext rc) {
        if (Callers.isAnonymous(rc) && !PublicPaths.isPublic(rc.request().method(), rc.normalizedPath())) {
            ProblemResponses.write(rc, Problem.tokenRequired());
            return;
        }
        rc.next();
    }

    /**
     * Refuses a body over {@code max} by its Content-Length (413); reads login and token bodies, and bodies of
     * unknown length (chunked, or HTTP/2 without Content-Length), up to their limit; pauses the others, which the
     * proxy streams once the request is admitted.
     */
    static Handler<RoutingContext> bodyLimit(long max) {
        return rc -> {
            HttpServerRequest request = rc.request();
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLarge(length, max)) {
                tooLarge(rc, max);
                return;
            }
            boolean credentials = isCredentials(rc);
            boolean unknownLength = length == null && request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD
                    && (request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || request.version() == HttpVersion.HTTP_2);
            if (!credentials && !unknownLength) {
                request.pause();
                rc.next();
                return;
            }
            long limit = credentials ? Math.min(max, CREDENTIALS_BODY_LIMIT) : max;
            Buffer body = Buffer.buffer();
            request.handler(chunk -> {
                if (body.length() + chunk.length() > limit) {
                    request.handler(null);
                    tooLarge(rc, limit); // with Connection: close, so the rest of the body is never read
                    return;
                }
                body.appendBuffer(chunk);
            });
            request.endHandler(ended -> {
                if (!rc.response().ended()) {
                    rc.put(BODY, body);
                    rc.next();
                }
            });
        };
    }

    /** Spends one request of the caller's budget for the request's class (read, write, search, login, token). */
    Handler<RoutingContext> rateLimit() {
        return limits.step();
    }

    /** Login and token attempts also spend the budget of the account they name (username or client id). */
    Handler<RoutingContext> accountLimit() {
        return rc -> {
            if (!isCredentials(rc)) {
                rc.next();
                return;
            }
            boolean token = RateLimits.TOKEN.equals(RateLimits.classOf(rc.request().method(), rc.normalizedPath()));
            String account = accountOf(rc.request().getHeader(HttpHeaders.CONTENT_TYPE), rc.get(BODY), token ? "client_id" : "username");
            if (account == null) {
                rc.next(); // auth-service answers the malformed body itself
                return;
            }
            RateLimits.admit(rc, limits.spend(rc, RateLimits.LOGIN_USERNAME, "account:" + account.toLowerCase(Locale.ROOT)));
        };
    }

    /** The request as the proxy gets it: the original, or one that replays the body read in {@link #bodyLimit}. */
    static HttpServerRequest proxied(RoutingContext rc) {
        Buffer body = rc.get(BODY);
        return body == null ? rc.request() : new BufferedRequest(rc.request(), body);
    }

    private static boolean isCredentials(RoutingContext rc) {
        String limitClass = RateLimits.classOf(rc.request().method(), rc.normalizedPath());
        return limitClass.equals(RateLimits.LOGIN) || limitClass.equals(RateLimits.TOKEN);
    }

    static String accountOf(String contentType, Buffer body, String field) {
        if (body == null) {
            return null;
        }
        try {
            if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                for (String pair : body.toString().split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).equals(field)) {
                        String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                        return value.isBlank() || value.length() > 100 ? null : value;
                    }
                }
                return null;
            }
            Object value = new JsonObject(body).getValue(field);
            return value instanceof String s && !s.isBlank() && s.length() <= 100 ? s : null;
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static boolean tooLarge(String contentLength, long max) {
        try {
            return Long.parseLong(contentLength.strip()) > max;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    static void tooLarge(RoutingContext rc, long max) {
        if (rc.request().version() != HttpVersion.HTTP_2) { // HTTP/2 has no connection header: the stream just ends
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        ProblemResponses.write(rc, Problem.of(413, "too-large", "Payload Too Large",
                "The request body is larger than " + max + " bytes."));
    }
}
