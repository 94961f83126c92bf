package io.aiff.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Positive;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where the services are, how long the gateway waits for them, and what it admits ({@code aiff.gateway.*}). */
@ConfigMapping(prefix = "aiff.gateway")
public interface GatewayConfig {

    /** By upstream name (auth, tickets, teams, analytics). */
    Map<String, Upstream> upstreams();

    /**
     * Where callers reach the gateway, e.g. {@code https://api.example.com}: the published document's {@code servers},
     * and the base of every absolute URL a service answers (Location). Behind trusted proxies their
     * X-Forwarded-Proto and -Host name the request's own base instead.
     */
    URI publicUrl();

    /** How long to wait for a TCP connection to an instance. */
    @WithDefault("2S")
    Duration connectTimeout();

    /** How long an upstream may stay silent before the caller gets a 504 (per upstream: its own timeout). */
    @WithDefault("15S")
    Duration timeout();

    /** How long an instance that refused a connection is skipped before it is tried again. */
    @WithDefault("2S")
    Duration instanceBackoff();

    /** Largest request body; per route prefix in {@link #maxBodySizes()}. */
    @WithDefault("1048576")
    long maxBodySize();

    /** Route prefix → largest body in bytes, e.g. {@code "/api/tickets"=2097152}. */
    Map<String, Long> maxBodySizes();

    /** Limits per route class: login, token, read, write, search, events. */
    Map<String, RateLimit> rateLimits();

    /** Addresses (IPs or CIDR) of proxies in front of the gateway whose X-Forwarded-For is believed. */
    @WithDefault("127.0.0.1/32,::1/128")
    List<String> trustedProxies();

    AccessLog accessLog();

    Cors cors();

    /** Browsers from these origins may call the API (CORS); every other cross-origin request is a 403 problem. */
    interface Cors {
        Optional<List<String>> origins();

        List<String> methods();

        List<String> headers();

        List<String> exposedHeaders();
    }

    interface AccessLog {
        /** One JSON object per line (production) instead of plain text. */
        @WithDefault("false")
        boolean json();
    }

    interface Upstream {
        /** Instance base URLs, e.g. {@code http://ticket-service:8082}. */
        List<URI> urls();

        Optional<Duration> timeout();
    }

    /** At most {@code limit} requests per {@code period} (with bursts up to {@code limit}). */
    interface RateLimit {
        @Positive
        int limit();

        Duration period();
    }
}
