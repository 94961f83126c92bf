package io.aiff.e2e;

import io.aiff.common.testing.LocalServers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * This checkout's {@code ./aiff} run as a process, as an operator runs it: the local servers of the test run plus the
 * settings given here, none of the caller's other {@code AIFF_*} variables.
 */
final class Aiff {

    record Result(int exitCode, String output) {
    }

    private static final Path ROOT = Path.of(System.getProperty("aiff.root", "..")).toAbsolutePath().normalize();

    private final Map<String, String> settings;

    Aiff(Map<String, String> settings) {
        this.settings = settings;
    }

    /** Runs {@code ./aiff ARGS} (no terminal, so nothing is asked) and answers its exit code and output. */
    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("aiff").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("aiff-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("AIFF_"));
            env.put("AIFF_PG_HOST", LocalServers.pgHost());
            env.put("AIFF_PG_PORT", String.valueOf(LocalServers.pgPort()));
            env.put("AIFF_PG_USER", LocalServers.pgUser());
            env.put("AIFF_PG_PASSWORD", LocalServers.pgPassword());
            env.put("AIFF_REDIS_URL", LocalServers.redisUrl());
            env.putAll(settings);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("./aiff " + String.join(" ", args) + " still running after 5 minutes:\n"
                        + Files.readString(output));
            }
            String text = Files.readString(output);
            System.out.println("./aiff " + String.join(" ", args) + " (exit " + process.exitValue() + "):\n" + text);
            return new Result(process.exitValue(), text);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
