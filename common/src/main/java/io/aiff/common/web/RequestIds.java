package io.aiff.common.web;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.regex.Pattern;

/** The {@code X-Request-Id} rule of docs/api.md: accept a well-formed one, otherwise make one up. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private RequestIds() {
    }

    /** The caller's id when it is well-formed, else a fresh one. */
    public static String acceptOrGenerate(String offered) {
        return offered != null && VALID.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    /** The id the {@link RequestIdFilter} settled on for this request (it rewrites the request header). */
    public static String of(HttpServerRequest request) {
        return request == null ? null : request.getHeader(HEADER);
    }

    public static String of(RoutingContext rc) {
        return of(rc.request());
    }
}
