package io.aiff.ticket.service;

import io.aiff.ticket.repository.TicketRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
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
 * transaction in id order in the system scope, a pass every {@code aiff.tickets.contact-rotation-interval} (5 s)
 * until none is left, then logs that the previous key can go. Reads use the key each row names meanwhile. With several replicas each batch runs
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
        if (!contacts.rotating()) {
            return;
        }
        Log.infof("Customer-contact key rotation under way: re-encrypting contacts not under key %s", contacts.keyId());
        timer = vertx.setPeriodic(every.toMillis(), id -> pass().subscribe().with(
                done -> {
                    if (done && timer >= 0) {
                        vertx.cancelTimer(timer);
                        timer = -1;
                        Log.infof("Every customer contact is under key %s: AIFF_CONTACT_PREVIOUS_ENCRYPTION_KEY can be removed",
                                contacts.keyId());
                    }
                },
                failure -> Log.warnf("Contact re-encryption failed (next tick retries; a contact under neither key stops "
                        + "it): %s", failure.toString())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * One pass: batches back to back in id order while they come full, then true when no contact is left under
     * another key (rows that were locked count as left: the next pass starts over), false when another replica holds
     * the rotation or some are left.
     */
    Uni<Boolean> pass() {
        int[] after = {0};
        boolean[] heldElsewhere = {false};
        return Multi.createBy().repeating().uni(() -> runOnce(after[0]))
                .whilst(last -> {
                    heldElsewhere[0] = last < 0;
                    after[0] = Math.max(after[0], last);
                    return last > 0;
                })
                .collect().last()
                .chain(ignored -> heldElsewhere[0] ? Uni.createFrom().item(false)
                        : db.withTransaction(tx -> Scope.SYSTEM.apply(tx).chain(() -> tickets.contactsUnderOtherKeys(tx, contacts)))
                                .map(left -> !left));
    }

    /**
     * One batch after id {@code afterId}: the highest id re-encrypted, 0 when none was left after it, or -1 when
     * another replica holds the rotation.
     */
    public Uni<Integer> runOnce(int afterId) {
        return OneReplica.run(db, LOCK_ROTATION, tx -> tickets.reencryptContacts(tx, contacts, afterId, BATCH), -1);
    }
}
