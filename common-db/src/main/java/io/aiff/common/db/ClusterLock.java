package io.aiff.common.db;

/**
 * Every PostgreSQL advisory lock the services take, in one place: two int4 keys, the class {@link #CLASS} ("aiff")
 * and the lock's own key. (aiff-common's {@code afterMigrate.sql} takes {@code pg_advisory_xact_lock(727365)}, a single
 * bigint key: a separate key space, so it never meets these.) A lock is per database, so services may share keys.
 * Key 1 (the outbox writers' lock of earlier releases) is retired: never reuse it while such a release may still run.
 */
public enum ClusterLock {
    /** The one active outbox relay (a session lock on its own connection). */
    OUTBOX_RELAY(2),
    /** ticket-service: one SLA breach check per tick across replicas. */
    SLA_BREACHES(3),
    /** ticket-service: customer-contact re-encryption during a key rotation. */
    CONTACT_ROTATION(4),
    /** A stream consumer's fill of its read model from the source service. */
    READ_MODEL_FILL(5),
    /** Pruning the ids of consumed events once they are older than the stream keeps events. */
    CONSUMED_EVENTS_PRUNE(6),
    /** Pruning the change log behind offline sync (ticket-service). */
    SYNC_LOG_PRUNE(7),
    /** analytics-service: publishing changed numbers (analytics.updated), one tick at a time across replicas. */
    ANALYTICS_PUBLISH(8),
    /** analytics-service: refreshing the daily history (a materialized view) and its metric rows. */
    DAILY_REFRESH(9),
    /** A retention run's batches (io.aiff.common.db.retention.Retention), one replica at a time. */
    RETENTION(10);

    public static final int CLASS = 0x61696666;

    private final int key;

    ClusterLock(int key) {
        this.key = key;
    }

    public int key() {
        return key;
    }
}
