package io.aiff.gateway.routing;

import io.vertx.core.net.SocketAddress;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The instances of one service, taken in turn. */
final class Upstream {

    private final String name;
    private final List<SocketAddress> instances;
    private final AtomicInteger next = new AtomicInteger();

    Upstream(String name, List<URI> urls) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("Upstream " + name + " has no instance URL");
        }
        this.name = name;
        this.instances = urls.stream()
                .map(url -> SocketAddress.inetSocketAddress(url.getPort() > 0 ? url.getPort() : 80, url.getHost()))
                .toList();
    }

    String name() {
        return name;
    }

    SocketAddress next() {
        return instances.get(Math.floorMod(next.getAndIncrement(), instances.size()));
    }
}
