package io.aiff.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Settings of auth-service ({@code aiff.auth.*}); each can be set from the environment. */
@ConfigMapping(prefix = "aiff.auth")
public interface AuthConfig {

    Token token();

    SigningKey signingKey();

    Admin admin();

    PasswordHash passwordHash();

    interface Token {
        @WithDefault("aiff-auth")
        String issuer();

        @WithDefault("aiff")
        String audience();

        @WithDefault("15M")
        Duration accessLifetime();
    }

    /** The RS256 key pair; in production both PEM files come from a Kubernetes Secret. */
    interface SigningKey {
        String privateLocation();

        String publicLocation();

        @WithDefault("aiff-1")
        String kid();
    }

    /** The administrator created on first start (only when no user has that name yet). */
    interface Admin {
        @WithDefault("admin")
        String username();

        @WithDefault("admin@aiff.local")
        String email();

        Optional<String> password();
    }

    /** Argon2id cost; tuned so one hash costs 50–150 ms on a production core. */
    interface PasswordHash {
        @WithDefault("19456")
        int memoryKib();

        @WithDefault("2")
        int iterations();

        @WithDefault("1")
        int parallelism();
    }
}
