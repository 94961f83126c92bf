package io.aiff.gateway;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Finding 1 of the security review: login and token never answered over h2c or prior-knowledge HTTP/2 (a generated
 * Java client hung at login: the JDK client tries h2c first). Every route, bodies included, over HTTP/1.1, h2c
 * (upgrade) and HTTP/2 with prior knowledge.
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = {
        @ResourceArg(name = "service", value = "gateway"), @ResourceArg(name = "database", value = "false")})
@WithTestResource(UpstreamStubResource.class)
class Http2Test {

    @TestHTTPResource("/")
    URL base;

    private static final Vertx VERTX = Vertx.vertx();

    @AfterAll
    static void close() {
        VERTX.close();
    }

    /** Method, path, content type and body of each request tried. */
    record Call(HttpMethod method, String path, String type, String body, boolean token) {
    }

    static final List<Call> CALLS = List.of(
            new Call(HttpMethod.POST, "/api/auth/login", "application/json", "{\"username\":\"tech\",\"password\":\"pw\"}", false),
            new Call(HttpMethod.POST, "/api/auth/token", "application/x-www-form-urlencoded",
                    "grant_type=client_credentials&client_id=svc&client_secret=s", false),
            new Call(HttpMethod.POST, "/api/tickets", "application/json", "{\"title\":\"Fibre cut\"}", true),
            new Call(HttpMethod.PATCH, "/api/tickets/4", "application/merge-patch+json", "{\"title\":\"x\"}", true),
            new Call(HttpMethod.GET, "/api/teams/3", null, null, true));

    @Test
    void everyRouteAnswersOverH2cUpgradeWithItsBody() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(2)).build();
        for (Call call : CALLS) {
            for (int attempt = 0; attempt < 2; attempt++) { // the first upgrades, the second rides the h2 connection
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + call.path()))
                        .timeout(Duration.ofSeconds(5))
                        .method(call.method().name(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(call.body()));
                if (call.type() != null) {
                    request.header("Content-Type", call.type());
                }
                if (call.token()) {
                    request.header("Authorization", "Bearer " + TestTokens.admin());
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), call + ": " + response.body());
                assertEquals(call.body() == null ? "" : call.body(), new JsonObject(response.body()).getString("body"), call.toString());
                if (attempt == 1) {
                    assertEquals(HttpClient.Version.HTTP_2, response.version(), call.toString());
                }
            }
        }
    }

    @Test
    void everyRouteAnswersOverHttp2WithPriorKnowledgeWithItsBody() throws Exception {
        var client = VERTX.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false).setDefaultHost("localhost").setDefaultPort(base.getPort()));
        for (Call call : CALLS) {
            RequestOptions options = new RequestOptions().setMethod(call.method()).setURI(call.path());
            if (call.type() != null) {
                options.putHeader("Content-Type", call.type());
            }
            if (call.token()) {
                options.putHeader("Authorization", "Bearer " + TestTokens.admin());
            }
            var answer = client.request(options)
                    .compose(request -> call.body() == null ? request.send() : request.send(Buffer.buffer(call.body())))
                    .compose(response -> response.body().map(body -> new Object[] {response.statusCode(), response.version(), body}))
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(200, answer[0], call + ": " + answer[2]);
            assertEquals(HttpVersion.HTTP_2, answer[1]);
            assertEquals(call.body() == null ? "" : call.body(), ((Buffer) answer[2]).toJsonObject().getString("body"), call.toString());
        }
    }
}
