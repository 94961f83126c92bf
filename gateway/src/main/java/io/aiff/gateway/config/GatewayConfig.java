package io.aiff.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Where the services are and how long the gateway waits for them ({@code aiff.gateway.*}). */
@ConfigMapping(prefix = "aiff.gateway")
public interface GatewayConfig {

    /** By upstream name (auth, tickets, teams, analytics). */
    Map<String, Upstream> upstreams();

    /** How long to wait for a TCP connection to an instance. */
    @WithDefault("2S")
    Duration connectTimeout();

    /** How long an upstream may stay silent before the caller gets a 504. */
    @WithDefault("15S")
    Duration timeout();

    interface Upstream {
        /** Instance base URLs, e.g. {@code http://ticket-service:8082}. */
        List<URI> urls();
    }
}
