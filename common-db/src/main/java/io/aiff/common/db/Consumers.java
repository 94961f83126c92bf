package io.aiff.common.db;

import io.aiff.common.db.maintenance.ServiceMain;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import java.util.List;

/** Starts every {@link StreamConsumer} bean of the service with it and stops them at shutdown. */
@Singleton
public class Consumers {

    private final List<StreamConsumer<?>> consumers;

    public Consumers(@Any Instance<StreamConsumer<?>> consumers) {
        this.consumers = consumers.stream().toList();
    }

    void start(@Observes StartupEvent event) {
        if (ServiceMain.maintaining()) {
            return; // a maintenance run consumes nothing
        }
        consumers.forEach(StreamConsumer::start);
    }

    void stop(@Observes ShutdownEvent event) {
        consumers.forEach(StreamConsumer::stop);
    }
}
