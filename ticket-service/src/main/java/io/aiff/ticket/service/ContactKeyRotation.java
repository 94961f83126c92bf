package io.aiff.ticket.service;

import io.aiff.ticket.repository.TicketRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * Customer-contact key rotation: while {@code AIFF_CONTACT_PREVIOUS_ENCRYPTION_KEY} is configured next to a new
 * {@code AIFF_CONTACT_ENCRYPTION_KEY}, re-encrypts every contact not yet under the new key, {@link #BATCH} rows per
 * transaction in the system scope, every {@code aiff.tickets.contact-rotation-interval} (5 s) until none is left, then
 * logs that the previous key can go. Reads use the key each row names meanwhile. With several replicas each batch runs
 * on one of them (transaction advisory lock, as the breach job).
 */
@Singleton
public class ContactKeyRotation {

    static final int LOCK_ROTATION = 4;
    static final int BATCH = 500;

    private final Vertx vertx;
    private final Pool db;
    private final TicketRepository tickets;
    private final Contacts contacts;
    private final Duration every;
    private long timer = -1;

    public ContactKeyRotation(Vertx vertx, Pool db, TicketRepository tickets, Contacts contacts,
                              @ConfigProperty(name = "aiff.tickets.contact-rotation-interval", defaultValue = "5S") Duration every) {
        this.vertx = vertx;
        this.db = db;
        this.tickets = tickets;
        this.contacts = contacts;
        this.every = every;
    }

    void start(@Observes StartupEvent event) {
        if (contacts.previousKey().isEmpty()) {
            return;
        }
        Log.infof("Customer-contact key rotation under way: re-encrypting contacts not under key %s", contacts.keyId());
        timer = vertx.setPeriodic(every.toMillis(), id -> untilDone().subscribe().with(
                done -> {
                    if (done && timer >= 0) {
                        vertx.cancelTimer(timer);
                        timer = -1;
                        Log.infof("Every customer contact is under key %s: AIFF_CONTACT_PREVIOUS_ENCRYPTION_KEY can be removed",
                                contacts.keyId());
                    }
                },
                failure -> Log.warnf("Contact re-encryption failed (next tick retries): %s", failure.toString())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Batches back to back while they come full: true once nothing is left, false when another replica holds it. */
    Uni<Boolean> untilDone() {
        return runOnce().chain(count -> count == BATCH ? untilDone() : Uni.createFrom().item(count == 0));
    }

    /** One batch: the number of contacts re-encrypted, or -1 when another replica holds the rotation. */
    public Uni<Integer> runOnce() {
        return OneReplica.run(db, LOCK_ROTATION, tx -> tickets.reencryptContacts(tx, contacts, BATCH), -1);
    }
}
