package io.aiff.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The settings every AIFF service shares ({@code aiff.common.*}), each overridable from the environment; defaults in
 * aiff-common's {@code microprofile-config.properties}.
 */
@ConfigMapping(prefix = "aiff.common")
public interface CommonConfig {

    /** Key prefix in the shared Redis, so several deployments (or test runs) can share one server. */
    @WithDefault("aiff:")
    String redisPrefix();

    /**
     * How far token times may be off: {@code exp} is honoured this long after it passed and {@code iat} may lie this
     * far in the future. The same value configures the verifier ({@code mp.jwt.verify.clock.skew}).
     */
    @WithDefault("5")
    int jwtLeewaySeconds();
}
