package io.aiff.common.web;

import io.quarkus.micrometer.runtime.binder.vertx.HttpRequestMetric;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * The {@code uri} label of HTTP metrics is a route template ({@code /api/tickets/{id}}), never the raw path: each
 * distinct path would otherwise become a series of its own (an anonymous scan adds thousands). JAX-RS sets the
 * template of its resources; requests answered before a resource is found are labelled here.
 */
public final class MetricLabels {

    private MetricLabels() {
    }

    public static void label(RoutingContext rc, String template) {
        label(rc.request(), template);
    }

    public static void label(HttpServerRequest request, String template) {
        if (request instanceof HttpServerRequestInternal internal && internal.metric() instanceof HttpRequestMetric metric) {
            metric.setTemplatePath(template);
        }
    }

    /** For an answer given before any route or resource matched. */
    public static void unmatched(RoutingContext rc, int status) {
        unmatched(rc.request(), status);
    }

    public static void unmatched(HttpServerRequest request, int status) {
        label(request, switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            default -> status >= 500 ? "SERVER_ERROR" : "CLIENT_ERROR";
        });
    }
}
