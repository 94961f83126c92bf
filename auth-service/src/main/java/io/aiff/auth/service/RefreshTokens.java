package io.aiff.auth.service;

import io.aiff.auth.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Refresh tokens are {@code <sid>.<256 random bits>}; only their SHA-256 is stored. The successor of a token is
 * derived from it with a server-side key (HMAC), so a phone that lost the answer and presents the old token again
 * within the grace window gets the very same new token, without any token ever being stored in clear.
 */
@ApplicationScoped
public class RefreshTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final byte[] derivationKey;

    public RefreshTokens(SigningKeys keys, AuthConfig config) {
        String secret = config.token().refreshSecret().filter(s -> !s.isBlank())
                .orElseGet(() -> B64.encodeToString(keys.privateKey().getEncoded()));
        this.derivationKey = sha256(("aiff-refresh-token-derivation:" + secret).getBytes(StandardCharsets.UTF_8));
    }

    public String newToken(String sid) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return sid + "." + B64.encodeToString(secret);
    }

    public String successor(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(derivationKey, "HmacSHA256"));
            return sidOf(token) + "." + B64.encodeToString(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String hash(String token) {
        return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** The session id a token belongs to, or null when the token is not of our form. */
    public String sidOf(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        String sid = token.substring(0, dot);
        try {
            return UUID.fromString(sid).toString().equals(sid) ? sid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A token id that is the same every time the same refresh token is answered. */
    public String jtiFor(String refreshToken) {
        return UUID.nameUUIDFromBytes(refreshToken.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
