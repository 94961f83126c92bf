package io.aiff.gateway.routing;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.http.impl.HttpServerRequestWrapper;

/**
 * A request whose body the gateway has already read (admission needed it), handed to the proxy as if it were still
 * to come: the stream methods never touch the original, whose body is over (HTTP/2 refuses a second reader), and
 * the proxy sends {@link #buffered()} instead ({@link UpstreamInterceptor}).
 */
final class BufferedRequest extends HttpServerRequestWrapper {

    private final Buffer body;

    BufferedRequest(HttpServerRequest request, Buffer body) {
        super((HttpServerRequestInternal) request);
        this.body = body;
    }

    Buffer buffered() {
        return body;
    }

    @Override
    public HttpServerRequest handler(Handler<Buffer> handler) {
        return this;
    }

    @Override
    public HttpServerRequest endHandler(Handler<Void> handler) {
        return this;
    }

    @Override
    public HttpServerRequest pause() {
        return this;
    }

    @Override
    public HttpServerRequest resume() {
        return this;
    }

    @Override
    public HttpServerRequest fetch(long amount) {
        return this;
    }

    @Override
    public Future<Buffer> body() {
        return Future.succeededFuture(body);
    }

    @Override
    public Future<Void> end() {
        return Future.succeededFuture();
    }

    @Override
    public boolean isEnded() {
        return true;
    }
}
