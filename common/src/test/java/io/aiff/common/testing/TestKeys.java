package io.aiff.common.testing;

import io.aiff.common.security.Jwks;
import io.aiff.common.security.Pem;
import io.vertx.core.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/**
 * Signing keys for tests, generated on first use into {@code target/test-keys} of the module under test: no key is
 * committed. Files, not statics, because the test resource and the test run in different class loaders.
 */
public final class TestKeys {

    public static final String KID = "test-key-1";
    private static final Path DIR = Path.of("target", "test-keys");

    private TestKeys() {
    }

    public static Path dir() {
        ensure("signing");
        ensure("other");
        writeJwks();
        return DIR.toAbsolutePath();
    }

    public static Path privateKeyFile() {
        return dir().resolve("signing-private.pem");
    }

    public static Path publicKeyFile() {
        return dir().resolve("signing-public.pem");
    }

    public static Path jwksFile() {
        return dir().resolve("jwks.json");
    }

    /** The key that the services under test trust. */
    public static PrivateKey signingKey() {
        return Pem.privateKey(read(dir().resolve("signing-private.pem")));
    }

    /** A well-formed key that nobody trusts. */
    public static PrivateKey otherKey() {
        return Pem.privateKey(read(dir().resolve("other-private.pem")));
    }

    private static synchronized void ensure(String name) {
        Path priv = DIR.resolve(name + "-private.pem");
        Path pub = DIR.resolve(name + "-public.pem");
        if (Files.exists(priv) && Files.exists(pub)) {
            return;
        }
        try {
            Files.createDirectories(DIR);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            writeAtomically(pub, Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()));
            writeAtomically(priv, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeJwks() {
        Path jwks = DIR.resolve("jwks.json");
        RSAPublicKey key = Pem.publicKey(read(DIR.resolve("signing-public.pem")));
        String json = Json.encode(Jwks.set(List.of(Jwks.jwk(key, KID))));
        try {
            if (!Files.exists(jwks) || !Files.readString(jwks).equals(json)) {
                writeAtomically(jwks, json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = Files.createTempFile(DIR, target.getFileName().toString(), ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
