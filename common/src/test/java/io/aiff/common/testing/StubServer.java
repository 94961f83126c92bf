package io.aiff.common.testing;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * The HTTP server of a stubbed service (a test resource standing in for another AIFF service) on a free port, and
 * the part every such stub shares: it hands out {@link AuthServiceStub#TOKEN} at {@code /api/auth/token} and answers
 * 401 to a call without it.
 */
public final class StubServer implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;

    private StubServer(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /** Starts a server whose every request {@code handler} answers. */
    public static StubServer start(Handler<HttpServerRequest> handler) {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(handler).listen(0)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return new StubServer(vertx, server);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Answers the token endpoint, and 401 without the stub's token; true when it answered (the stub does nothing
     * more). The response is JSON.
     */
    public static boolean tokenHandled(HttpServerRequest request) {
        var response = request.response().putHeader("Content-Type", "application/json");
        if (request.path().equals("/api/auth/token")) {
            response.end(new JsonObject().put("access_token", AuthServiceStub.TOKEN).put("expires_in", 300).encode());
            return true;
        }
        if (!("Bearer " + AuthServiceStub.TOKEN).equals(request.getHeader("Authorization"))) {
            response.setStatusCode(401).end("{}");
            return true;
        }
        return false;
    }

    public Vertx vertx() {
        return vertx;
    }

    public String url() {
        return "http://localhost:" + server.actualPort();
    }

    @Override
    public void close() {
        vertx.close();
    }
}
