package io.aiff.gateway.routing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bodies the gateway had to read before proxying (login and token bodies, chunked uploads within the size limit),
 * handed from the route to the proxy interceptor, which sends them instead of the already consumed stream.
 */
final class BufferedBodies {

    private final Map<HttpServerRequest, Buffer> bodies = new ConcurrentHashMap<>();

    void put(RoutingContext rc, Buffer body) {
        HttpServerRequest request = rc.request();
        bodies.put(request, body);
        rc.addEndHandler(v -> bodies.remove(request)); // on end or close; never replaces others' handlers
    }

    Buffer take(HttpServerRequest request) {
        return bodies.remove(request);
    }
}
