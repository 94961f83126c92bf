package io.aiff.auth.service;

import io.aiff.auth.config.AuthConfig;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.problem.ProblemResponses;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Where password hashes are computed: one thread per core (Argon2 is CPU and memory bound, more threads only add
 * memory), off the event loop, unordered, with a bounded queue. A burst of sign-ins beyond the queue gets 503 with
 * Retry-After instead of piling up memory and latency.
 */
@ApplicationScoped
public class HashingPool {

    private final WorkerExecutor executor;
    private final Semaphore slots;

    public HashingPool(Vertx vertx, AuthConfig config) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.executor = vertx.createSharedWorkerExecutor("password-hashing", threads);
        this.slots = new Semaphore(threads + config.passwordHash().queue());
    }

    public <T> Uni<T> run(Supplier<T> work) {
        if (!slots.tryAcquire()) {
            return Uni.createFrom().failure(new ProblemException(Problem.of(503, "busy", "Service Unavailable",
                    "Too many sign-ins at once; try again shortly.").with(ProblemResponses.RETRY_AFTER, 2)));
        }
        return executor.executeBlocking(Uni.createFrom().item(work), false)
                .eventually((Runnable) slots::release);
    }

    @PreDestroy
    void close() {
        executor.closeAndForget();
    }
}
