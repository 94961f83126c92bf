package io.aiff.common.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} on a free port, for tests that stop and restart Redis — never the shared one.
 * In-memory only; {@link #stop()} and {@link #start()} keep the port, so clients reconnect to the same address.
 */
public final class OwnRedis {

    private final int port;
    private final Path dir;
    private Process process;

    public OwnRedis(String name) {
        this.port = freePort();
        this.dir = Path.of("target", "own-redis-" + name);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://localhost:" + port;
    }

    public synchronized OwnRedis start() {
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                try (Socket ignored = new Socket("localhost", port)) {
                    return this;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("redis-server could not start (is it installed? ./aiff provisions it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("redis-server did not start on " + port);
    }

    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
