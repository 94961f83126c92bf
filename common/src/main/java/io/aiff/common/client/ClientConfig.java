package io.aiff.common.client;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** This service's own client-credentials account at auth-service ({@code aiff.client.*}). */
@ConfigMapping(prefix = "aiff.client")
public interface ClientConfig {

    /** The client id (by default the service's name). */
    @WithDefault("${quarkus.application.name}")
    String id();

    /** Its secret (a Kubernetes Secret; ./aiff generates one). Without it the service makes no calls. */
    Optional<String> secret();

    /** Where auth-service answers the token endpoint. */
    @WithDefault("http://localhost:8081")
    URI authServiceUrl();

    /** How long a call to another service may take before it counts as failed. */
    @WithDefault("3S")
    Duration timeout();
}
