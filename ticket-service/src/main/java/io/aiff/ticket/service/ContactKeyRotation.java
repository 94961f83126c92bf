package io.aiff.ticket.service;

import io.aiff.common.db.ClusterLock;
import io.aiff.common.db.OncePerCluster;
import io.aiff.common.db.maintenance.ServiceMain;
import io.aiff.ticket.repository.TicketRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

/**
 * Customer-contact key rotation: while {@code AIFF_CONTACT_PREVIOUS_ENCRYPTION_KEY} is configured next to a new
 * {@code AIFF_CONTACT_ENCRYPTION_KEY}, re-encrypts every contact not yet under the new key, {@link #BATCH} rows per
 * transaction in id order in the system scope, a pass every {@code aiff.tickets.contact-rotation-interval} (5 s)
 * until none is left, then logs that the previous key can go. Reads use the key each row names meanwhile. With
 * several replicas each batch runs on one of them ({@link ClusterLock#CONTACT_ROTATION}).
 */
@ApplicationScoped
public class ContactKeyRotation {

    static final int BATCH = 500;

    private final Pool db;
    private final TicketRepository tickets;
    private final Contacts contacts;
    private volatile boolean done;

    public ContactKeyRotation(Pool db, TicketRepository tickets, Contacts contacts) {
        this.db = db;
        this.tickets = tickets;
        this.contacts = contacts;
    }

    /** Skips every tick when no rotation is configured, and once this replica saw it finished. */
    @Singleton
    static class Idle implements Scheduled.SkipPredicate {
        private final ContactKeyRotation rotation;

        Idle(ContactKeyRotation rotation) {
            this.rotation = rotation;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !rotation.contacts.rotating() || rotation.done || ServiceMain.maintaining();
        }
    }

    @Scheduled(every = "${aiff.tickets.contact-rotation-interval}", delay = 1,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Idle.class)
    Uni<Void> tick() {
        return pass()
                .invoke(finished -> {
                    if (finished) {
                        done = true;
                        Log.infof("Every customer contact is under key %s: AIFF_CONTACT_PREVIOUS_ENCRYPTION_KEY can be removed",
                                contacts.keyId());
                    }
                })
                .onFailure().invoke(failure -> Log.warnf("Contact re-encryption failed (next tick retries; a contact under "
                        + "neither key stops it): %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
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
                        : db.withTransaction(tx -> Scope.SYSTEM.apply(tx).chain(() -> tickets.contactsUnderOtherKeys(tx, contacts.keys())))
                                .map(left -> !left));
    }

    /**
     * One batch after id {@code afterId}: the highest id re-encrypted, 0 when none was left after it, or -1 when
     * another replica holds the rotation.
     */
    public Uni<Integer> runOnce(int afterId) {
        return OncePerCluster.run(db, ClusterLock.CONTACT_ROTATION,
                tx -> Scope.SYSTEM.apply(tx).chain(() -> tickets.reencryptContacts(tx, contacts.keys(), afterId, BATCH)), -1);
    }
}
