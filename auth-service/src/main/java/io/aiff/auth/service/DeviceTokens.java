package io.aiff.auth.service;

import io.aiff.auth.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Device tokens (OWASP's "device cookies"): each successful login answers one, bound to the account and to one device
 * id and signed by this service; the app sends it back as {@code Device-Token} on later logins. A valid one lets its
 * holder sign in even while the address it comes from is over its failure budget, and even while the account is
 * locked by guesses from elsewhere; it has a small failure budget of its own. Nothing is stored: the token is
 * {@code v1.<user id>.<device id>.<issued at>.<HMAC-SHA256>}, checked against the key derived from the refresh
 * secret (the same on every replica) and its lifetime.
 */
@ApplicationScoped
public class DeviceTokens {

    /** A verified token: whose, and which device. */
    public record Device(int userId, String deviceId) {
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int MAX_LENGTH = 200;

    private final byte[] key;
    private final long lifetimeSeconds;
    private final Clock clock;

    public DeviceTokens(SigningKeys keys, AuthConfig config, Clock clock) {
        String secret = config.token().refreshSecret().filter(s -> !s.isBlank())
                .orElseGet(() -> B64.encodeToString(keys.privateKey().getEncoded()));
        this.key = sha256(("aiff-device-token:" + secret).getBytes(StandardCharsets.UTF_8));
        this.lifetimeSeconds = config.lockout().deviceTokenLifetime().toSeconds();
        this.clock = clock;
    }

    /** A token for the user on this device (a new device id when it had none). */
    public String issue(int userId, String deviceId) {
        String body = "v1." + userId + "." + (deviceId == null ? UUID.randomUUID() : deviceId) + "." + clock.instant().getEpochSecond();
        return body + "." + sign(body);
    }

    /** The device a presented token names, or null when it is absent, malformed, forged or expired. */
    public Device verify(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return null;
        }
        String[] parts = token.split("\\.");
        if (parts.length != 5 || !parts[0].equals("v1")) {
            return null;
        }
        String body = String.join(".", parts[0], parts[1], parts[2], parts[3]);
        if (!MessageDigest.isEqual(sign(body).getBytes(StandardCharsets.US_ASCII), parts[4].getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        try {
            long issued = Long.parseLong(parts[3]);
            if (clock.instant().getEpochSecond() - issued > lifetimeSeconds) {
                return null;
            }
            return new Device(Integer.parseInt(parts[1]), UUID.fromString(parts[2]).toString());
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
