package io.aiff.gateway.routing;

import io.vertx.core.net.SocketAddress;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The instances of one service, taken in turn. An instance that refused a connection is skipped for a back-off
 * period; after it, one request tries it again, and if it connects it is back in the rotation. When every instance
 * is skipped, the upstream is open-circuit: callers get 503 at once instead of waiting for connect timeouts.
 */
final class Upstream {

    static final class Instance {
        final SocketAddress address;
        final AtomicLong downUntilNanos = new AtomicLong();

        Instance(SocketAddress address) {
            this.address = address;
        }

        boolean available(long now) {
            return downUntilNanos.get() - now <= 0;
        }
    }

    private final String name;
    private final List<Instance> instances;
    private final long backoffNanos;
    private final AtomicInteger next = new AtomicInteger();

    Upstream(String name, List<URI> urls, Duration backoff) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("Upstream " + name + " has no instance URL");
        }
        this.name = name;
        this.backoffNanos = backoff.toNanos();
        this.instances = urls.stream()
                .map(url -> new Instance(SocketAddress.inetSocketAddress(url.getPort() > 0 ? url.getPort() : 80, url.getHost())))
                .toList();
    }

    String name() {
        return name;
    }

    /** The instances to try for one request, in round-robin order, without the ones being skipped. */
    List<Instance> candidates() {
        long now = System.nanoTime();
        int start = Math.floorMod(next.getAndIncrement(), instances.size());
        List<Instance> candidates = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            Instance instance = instances.get((start + i) % instances.size());
            if (instance.available(now)) {
                candidates.add(instance);
            }
        }
        return candidates;
    }

    void failed(Instance instance) {
        instance.downUntilNanos.set(System.nanoTime() + backoffNanos);
    }

    void answered(Instance instance) {
        instance.downUntilNanos.set(0);
    }
}
