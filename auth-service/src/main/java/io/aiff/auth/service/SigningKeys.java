package io.aiff.auth.service;

import io.aiff.auth.config.AuthConfig;
import io.aiff.common.security.Jwks;
import io.aiff.common.security.Pem;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The key pair that signs access tokens, read once at start from the configured PEM files (a Kubernetes Secret in
 * production, a git-ignored folder made by {@code ./aiff up} on a laptop), plus the public keys published beside it
 * during a rotation. A missing key stops the start.
 */
@Startup
@ApplicationScoped
public class SigningKeys {

    private final String kid;
    private final PrivateKey privateKey;
    private final Map<String, Object> jwks;

    public SigningKeys(AuthConfig config) {
        AuthConfig.SigningKey key = config.signingKey();
        this.kid = key.kid();
        this.privateKey = Pem.privateKey(read(key.privateLocation()));
        List<Map<String, Object>> keys = new ArrayList<>();
        keys.add(Jwks.jwk(Pem.publicKey(read(key.publicLocation())), kid));
        for (String published : key.published().orElse(List.of())) {
            int eq = published.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("aiff.auth.signing-key.published takes kid=path, not " + published);
            }
            String otherKid = published.substring(0, eq).strip();
            if (!otherKid.equals(kid)) {
                keys.add(Jwks.jwk(Pem.publicKey(read(published.substring(eq + 1).strip())), otherKid));
            }
        }
        this.jwks = Jwks.set(List.copyOf(keys));
    }

    public String kid() {
        return kid;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The public JWKS document verifiers fetch. */
    public Map<String, Object> jwks() {
        return jwks;
    }

    private static String read(String location) {
        try {
            return Files.readString(Path.of(location.startsWith("file:") ? location.substring(5) : location));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the signing key at " + location, e);
        }
    }
}
