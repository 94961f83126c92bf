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
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;

/**
 * The key pair that signs access tokens, read once at start from the configured PEM files (a Kubernetes Secret in
 * production, a git-ignored folder made by {@code ./aiff up} on a laptop). A missing key stops the start.
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
        RSAPublicKey publicKey = Pem.publicKey(read(key.publicLocation()));
        this.jwks = Jwks.set(List.of(Jwks.jwk(publicKey, kid)));
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
