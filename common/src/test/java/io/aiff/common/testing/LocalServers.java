package io.aiff.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the local PostgreSQL and Redis are: from the environment ({@code ./aiff test} exports it), else from the
 * {@code .aiff/env} file that {@code ./aiff} writes at the repository root (so a test runs from an IDE too).
 */
public final class LocalServers {

    private static final Map<String, String> FILE = readEnvFile();

    private LocalServers() {
    }

    public static String get(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            value = FILE.get(name);
        }
        return value == null || value.isEmpty() ? fallback : value;
    }

    public static String pgHost() {
        return get("AIFF_PG_HOST", "localhost");
    }

    public static int pgPort() {
        return Integer.parseInt(get("AIFF_PG_PORT", "5432"));
    }

    public static String pgUser() {
        return get("AIFF_PG_USER", "aiff");
    }

    public static String pgPassword() {
        return get("AIFF_PG_PASSWORD", "");
    }

    public static String redisUrl() {
        return get("AIFF_REDIS_URL", "redis://localhost:6379");
    }

    private static Map<String, String> readEnvFile() {
        Map<String, String> values = new HashMap<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(".aiff/env");
            if (Files.isReadable(file)) {
                try {
                    for (String line : Files.readAllLines(file)) {
                        String l = line.strip();
                        if (l.startsWith("export ")) {
                            l = l.substring(7);
                        }
                        int eq = l.indexOf('=');
                        if (eq > 0 && !l.startsWith("#")) {
                            values.put(l.substring(0, eq), unquote(l.substring(eq + 1)));
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("Cannot read " + file, e);
                }
                break;
            }
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
