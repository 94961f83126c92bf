import io.aiff.auth.config.AuthConfig;
import io.aiff.auth.service.PasswordHasher;

import java.lang.reflect.Proxy;
import java.util.Arrays;

/**
 * Times auth-service's real PasswordHasher (Argon2id) for several costs, after a JIT warm-up: the median of N hashes.
 * Run by bench/auth.sh against the compiled classes; prints one line per cost.
 */
public class PasswordHashBench {

    public static void main(String[] args) {
        int rounds = Integer.parseInt(System.getProperty("rounds", "21"));
        // Let the JIT compile Argon2's inner loops before anything is timed.
        PasswordHasher warmUp = new PasswordHasher(config(19456, 2));
        for (int i = 0; i < 30; i++) {
            warmUp.hash("warm-up-password-" + i);
        }
        int[][] costs = {{19456, 2}, {32768, 2}, {47104, 1}, {47104, 2}, {65536, 2}, {65536, 3}};
        System.out.printf("%-14s %-11s %12s %12s%n", "memory (KiB)", "iterations", "median (ms)", "max (ms)");
        for (int[] cost : costs) {
            PasswordHasher hasher = new PasswordHasher(config(cost[0], cost[1]));
            long[] times = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                hasher.hash("benchmark-password-" + i);
                times[i] = System.nanoTime() - start;
            }
            Arrays.sort(times);
            System.out.printf("%-14d %-11d %12.1f %12.1f%n", cost[0], cost[1], times[rounds / 2] / 1e6, times[rounds - 1] / 1e6);
        }
    }

    private static AuthConfig config(int memoryKib, int iterations) {
        AuthConfig.PasswordHash hash = (AuthConfig.PasswordHash) Proxy.newProxyInstance(
                AuthConfig.class.getClassLoader(), new Class<?>[] {AuthConfig.PasswordHash.class},
                (p, m, a) -> switch (m.getName()) {
                    case "memoryKib" -> memoryKib;
                    case "iterations" -> iterations;
                    case "parallelism" -> 1;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (AuthConfig) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(), new Class<?>[] {AuthConfig.class},
                (p, m, a) -> {
                    if (m.getName().equals("passwordHash")) {
                        return hash;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
