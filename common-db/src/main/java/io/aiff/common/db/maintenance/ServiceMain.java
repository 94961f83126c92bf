package io.aiff.common.db.maintenance;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;

/**
 * The entry point of every service that owns a database: it serves until stopped, or, with {@code AIFF_MODE=maintain}
 * ({@code aiff.mode}), runs {@link Maintenance} once and exits (0 when it all ran, 1 otherwise). In that mode the
 * service's own work stays off (consumers, relay, scheduled jobs: {@link #maintaining()}, {@link Maintaining}); run
 * beside a live replica on one machine it needs ports of its own ({@code ./aiff maintain} gives it random ones).
 */
@QuarkusMain
public class ServiceMain implements QuarkusApplication {

    @Inject
    Maintenance maintenance;

    @ConfigProperty(name = "aiff.mode", defaultValue = "serve")
    String mode;

    /** Whether this process is a maintenance run (read from the configuration, for beans that start work). */
    public static boolean maintaining() {
        return Maintenance.MODE.equals(ConfigProvider.getConfig()
                .getOptionalValue("aiff.mode", String.class).orElse("serve"));
    }

    @Override
    public int run(String... args) {
        if (!Maintenance.MODE.equals(mode)) {
            Quarkus.waitForExit();
            return 0;
        }
        long start = System.nanoTime();
        try {
            List<Maintenance.Action> done = maintenance.run().await().atMost(Duration.ofHours(6));
            Log.infof("Maintenance done in %d ms: %d actions", (System.nanoTime() - start) / 1_000_000, done.size());
            return 0;
        } catch (RuntimeException e) {
            Log.errorf(e, "Maintenance failed after %d ms", (System.nanoTime() - start) / 1_000_000);
            return 1;
        }
    }
}
