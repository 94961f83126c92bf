package io.aiff.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of auth-service ({@code aiff.auth.*}); each can be set from the environment. */
@ConfigMapping(prefix = "aiff.auth")
public interface AuthConfig {

    Token token();

    SigningKey signingKey();

    Admin admin();

    PasswordHash passwordHash();

    Lockout lockout();

    /** Addresses of proxies (the gateway) whose X-Forwarded-For is believed; exact IPs or CIDR ranges. */
    @WithDefault("127.0.0.1/32,::1/128")
    List<String> trustedProxies();

    /** How long audit entries are kept before the retention run purges them ({@code AIFF_AUDIT_RETENTION}, a year). */
    @WithDefault("365D")
    Duration auditRetention();

    /** The suite's own services, created or updated at start (id → secret and permissions). */
    Map<String, ServiceClient> serviceClients();

    interface Token {
        @WithDefault("aiff-auth")
        String issuer();

        @WithDefault("aiff")
        String audience();

        @WithDefault("15M")
        Duration accessLifetime();

        /** How long a session lives without a refresh; each refresh extends it again. */
        @WithDefault("30D")
        Duration refreshLifetime();

        /** How long the refresh token just rotated may be presented again and get the same answer. */
        @WithDefault("30S")
        Duration refreshGrace();

        /**
         * Key that derives a refresh token's successor (so a retried refresh gets the same answer on any replica).
         * Set it to the same secret on every replica; without it, one is derived from the signing key.
         */
        Optional<String> refreshSecret();

        /** Lifetime of client-credentials tokens. */
        @WithDefault("10M")
        Duration serviceLifetime();
    }

    /** The RS256 key pair; in production both PEM files come from a Kubernetes Secret. */
    interface SigningKey {
        String privateLocation();

        String publicLocation();

        @WithDefault("aiff-1")
        String kid();

        /**
         * Public keys published in the JWKS besides the signing key, as {@code kid=path} (the next key before it
         * signs; the previous key until its last tokens expire).
         */
        Optional<List<String>> published();
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
        @WithDefault("32768")
        int memoryKib();

        @WithDefault("2")
        int iterations();

        @WithDefault("1")
        int parallelism();

        /** Hashes that may wait for a thread; beyond them a sign-in is refused with 503 and Retry-After. */
        @WithDefault("64")
        int queue();
    }

    /**
     * Brute-force protection, after Keycloak's detector: failures per account and per address, each with its lockout;
     * past the address's budget only attempts with a device token are checked (OWASP's device cookies).
     */
    interface Lockout {
        @WithDefault("5")
        int maxFailures();

        /** Per client IP, charged before the password is checked; past it, only logins with a device token get in. */
        @WithDefault("20")
        int maxFailuresPerIp();

        /** Per device token: its own small budget (a stolen one cannot guess for long). */
        @WithDefault("5")
        int maxFailuresPerDevice();

        /** How long a device token is honoured after the login that issued it. */
        @WithDefault("90D")
        Duration deviceTokenLifetime();

        @WithDefault("15M")
        Duration failureWindow();

        @WithDefault("1M")
        Duration firstLockout();

        @WithDefault("15M")
        Duration maxLockout();
    }

    interface ServiceClient {
        /** Empty: the client is not configured on this deployment. */
        Optional<String> secret();

        Optional<List<String>> permissions();
    }
}
