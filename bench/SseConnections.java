import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Opens N idle SSE streams to the gateway and holds them until told to stop (stdin closes). Used by sse-memory.sh. */
public class SseConnections {

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        String url = args[1];
        String token = System.getenv("BENCH_TOKEN");
        AtomicInteger open = new AtomicInteger();
        CountDownLatch connected = new CountDownLatch(count);
        List<CompletableFuture<?>> streams = new ArrayList<>();
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i % 200 == 0) {
                clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build();
            streams.add(clients.get(clients.size() - 1).sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                    .thenApply(response -> {
                        if (response.statusCode() == 200) {
                            open.incrementAndGet();
                        } else {
                            System.err.println("HTTP " + response.statusCode());
                        }
                        connected.countDown();
                        return response;
                    }));
        }
        connected.await(120, TimeUnit.SECONDS);
        System.out.println("OPEN " + open.get());
        System.in.read();
        streams.forEach(s -> s.cancel(true));
    }
}
