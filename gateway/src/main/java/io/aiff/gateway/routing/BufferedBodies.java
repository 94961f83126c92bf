package io.aiff.gateway.routing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bodies the gateway had to read before proxying (login and token bodies, chunked uploads within the size limit),
 * handed from the route to the proxy interceptor, which sends them instead of the already consumed stream.
 */
final class BufferedBodies {

    private final Map<HttpServerRequest, Buffer> bodies = new ConcurrentHashMap<>();

    void put(HttpServerRequest request, Buffer body) {
        bodies.put(request, body);
        request.response().endHandler(v -> bodies.remove(request));
        request.connection().closeHandler(v -> bodies.remove(request));
    }

    Buffer take(HttpServerRequest request) {
        return bodies.remove(request);
    }
}
