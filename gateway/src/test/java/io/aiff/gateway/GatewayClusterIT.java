package io.aiff.gateway;

import io.aiff.common.testing.TestKeys;
import io.aiff.common.testing.TestTokens;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two packaged gateways sharing a Redis server of this test's own (so it can be stopped and started without
 * touching the shared one), in front of two stand-in ticket-service instances that can be killed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayClusterIT {

    static final int READ_LIMIT = 40;

    static Vertx vertx;
    static HttpServer instanceA;
    static HttpServer instanceB;
    static int redisPort;
    static Process redis;
    static final List<Process> gateways = new ArrayList<>();
    static final List<String> urls = new ArrayList<>();
    /** Each gateway's management interface (health, metrics). */
    static final List<String> managementUrls = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        instanceA = upstream("a");
        instanceB = upstream("b");
        redisPort = freePort();
        startRedis();
        String deadAnalytics = "http://localhost:" + freePort();
        for (int i = 0; i < 2; i++) {
            int port = freePort();
            Path log = Path.of("target", "cluster-gateway-" + i + ".log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            var env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("AIFF_"));
            env.put("AIFF_HTTP_PORT", String.valueOf(port));
            int managementPort = freePort();
            env.put("AIFF_MANAGEMENT_PORT", String.valueOf(managementPort));
            env.put("AIFF_REDIS_URL", "redis://localhost:" + redisPort);
            env.put("AIFF_REDIS_PREFIX", "aiff:cluster:");
            env.put("AIFF_JWKS_URL", TestKeys.jwksFile().toString());
            String ticketInstances = "http://localhost:" + instanceA.actualPort() + ",http://localhost:" + instanceB.actualPort();
            env.put("AIFF_TICKET_SERVICE_URLS", ticketInstances);
            env.put("AIFF_AUTH_SERVICE_URLS", ticketInstances);
            env.put("AIFF_TEAM_SERVICE_URLS", ticketInstances);
            env.put("AIFF_ANALYTICS_SERVICE_URLS", deadAnalytics);
            env.put("AIFF_UPSTREAM_TIMEOUT", "2S");
            env.put("AIFF_RATE_LIMIT_READ", String.valueOf(READ_LIMIT));
            gateways.add(builder.start());
            urls.add("http://localhost:" + port);
            managementUrls.add("http://localhost:" + managementPort);
        }
        for (String url : managementUrls) {
            awaitReady(url);
        }
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @AfterAll
    static void stop() throws Exception {
        gateways.forEach(Process::destroy);
        for (Process gateway : gateways) {
            gateway.waitFor(20, TimeUnit.SECONDS);
        }
        if (redis != null) {
            redis.destroy();
        }
        vertx.close();
    }

    @Test
    @Order(1)
    void concurrentRequestsAcrossBothGatewaysNeverExceedTheLimit() throws Exception {
        String token = TestTokens.user(4242, "hammer", "viewer");
        for (int i = 0; i < 20; i++) { // warm both gateways up (JIT), with another user's budget
            given().baseUri(urls.get(i % 2)).auth().oauth2(TestTokens.user(4343, "warmup", "viewer")).get("/api/tickets");
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < READ_LIMIT * 3; i++) {
                String url = urls.get(i % 2);
                answers.add(pool.submit(() -> given().baseUri(url).auth().oauth2(token).get("/api/tickets").statusCode()));
            }
            int admitted = 0;
            int refused = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get(30, TimeUnit.SECONDS);
                if (status == 200) {
                    admitted++;
                } else if (status == 429) {
                    refused++;
                }
            }
            // The bucket refills one request every 1.5 s; the burst takes well under that.
            assertTrue(admitted >= READ_LIMIT - 1 && admitted <= READ_LIMIT + 1, "admitted " + admitted);
            assertEquals(READ_LIMIT * 3, admitted + refused);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    @Order(4)
    void redisStoppedAndRestartedMeansNoErrorsAndRecovery() throws Exception {
        String token = TestTokens.user(5151, "steady", "viewer");
        given().baseUri(urls.get(0)).auth().oauth2(token).get("/api/tickets").then().statusCode(200);
        stopRedis();
        try {
            for (int i = 0; i < 10; i++) {
                given().baseUri(urls.get(i % 2)).auth().oauth2(token).get("/api/tickets").then()
                        .statusCode(200).header("RateLimit-Limit", String.valueOf(READ_LIMIT));
            }
            given().baseUri(managementUrls.get(0)).get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'redis' }.data.reachable", Matchers.equalTo(false));
        } finally {
            startRedis();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        boolean recovered = false;
        while (!recovered && System.nanoTime() < deadline) {
            recovered = Boolean.TRUE.equals(given().baseUri(managementUrls.get(0)).get("/q/health/ready").then()
                    .extract().path("checks.find { it.name == 'redis' }.data.reachable"));
            Thread.sleep(250);
        }
        assertTrue(recovered, "the gateway did not find Redis again");
        given().baseUri(urls.get(1)).auth().oauth2(token).get("/api/tickets").then().statusCode(200);
    }

    @Test
    @Order(2)
    void getsKeepSucceedingWhenOneInstanceDies() throws Exception {
        HttpServer victim = instanceB;
        victim.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        try {
            String token = TestTokens.user(6161, "field", "viewer");
            for (int i = 0; i < 12; i++) {
                given().baseUri(urls.get(i % 2)).auth().oauth2(token).get("/api/tickets/" + i).then()
                        .statusCode(200).body("instance", Matchers.equalTo("a"));
            }
        } finally {
            instanceB = upstream("b", victim.actualPort());
        }
    }

    /** Last: it stops the second gateway. (Right after a Redis restart a few checks may still fall back to memory.) */
    @Test
    @Order(Integer.MAX_VALUE)
    void shutdownLetsInFlightRequestsFinish() throws Exception {
        String url = urls.get(1);
        var inFlight = CompletableFuture.supplyAsync(() -> given().baseUri(url)
                .auth().oauth2(TestTokens.admin()).get("/api/tickets/slow").statusCode());
        Thread.sleep(500);
        gateways.get(1).destroy(); // SIGTERM while the request waits for its upstream
        assertEquals(200, inFlight.get(10, TimeUnit.SECONDS));
        assertTrue(gateways.get(1).waitFor(20, TimeUnit.SECONDS), "the gateway did not exit");
        urls.set(1, urls.get(0));
    }

    @Test
    @Order(3)
    void everyInstanceDownIs503Promptly() {
        long start = System.nanoTime();
        given().baseUri(urls.get(0)).auth().oauth2(TestTokens.admin()).get("/api/analytics/metrics").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", Matchers.notNullValue());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
    }

    private static HttpServer upstream(String name) throws Exception {
        return upstream(name, 0);
    }

    private static HttpServer upstream(String name, int port) throws Exception {
        return vertx.createHttpServer()
                .requestHandler(request -> {
                    String body = "{\"instance\":\"" + name + "\",\"uri\":\"" + request.uri() + "\"}";
                    long delay = request.uri().contains("slow") ? 1500 : 0;
                    if (delay > 0) {
                        vertx.setTimer(delay, id -> request.response().putHeader("Content-Type", "application/json").end(body));
                    } else {
                        request.response().putHeader("Content-Type", "application/json").end(body);
                    }
                })
                .listen(port).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void startRedis() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cluster-redis"));
        redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (var socket = new Socket("localhost", redisPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("redis-server did not start on " + redisPort);
    }

    private static void stopRedis() throws InterruptedException {
        redis.destroy();
        redis.waitFor(10, TimeUnit.SECONDS);
    }

    private static void awaitReady(String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (given().baseUri(url).get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (Exception notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("gateway at " + url + " did not start; see target/cluster-gateway-*.log");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
