package io.aiff.ticket.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Settings of ticket-service ({@code aiff.tickets.*}); each can be set from the environment (README, "Configuration"). */
@ConfigMapping(prefix = "aiff.tickets")
public interface TicketConfig {

    /** pgcrypto key of customer contacts (a Kubernetes Secret; ./aiff generates one). */
    String contactEncryptionKey();

    /** Key of the contacts' blind index (lookups by phone or e-mail without decrypting). */
    String contactIndexKey();

    /** During a key rotation only: the key being replaced. */
    Optional<String> contactPreviousEncryptionKey();

    /** How often the re-encryption job runs while a rotation is under way. */
    @WithDefault("5S")
    Duration contactRotationInterval();

    /** Lookups by customer contact each caller may make per minute (the filter would otherwise be an oracle). */
    @WithDefault("30")
    int contactLookupsPerMinute();

    /** A search ranks at most this many of the newest matches. */
    @WithDefault("2000")
    int searchCandidates();

    /** How often running tickets are checked for SLA breaches. */
    @WithDefault("30S")
    Duration slaBreachCheck();

    /** How long the change log behind offline sync keeps changes (an older cursor is 410: sync afresh). */
    @WithDefault("30D")
    Duration syncRetention();

    /** How often the change log is pruned to {@link #syncRetention()}. */
    @WithDefault("1H")
    Duration syncPruneEvery();

    /**
     * How long a closed or cancelled ticket stays live before retention archives it ({@code AIFF_TICKET_RETENTION},
     * 365 days); a ticket on legal hold or in any other state stays whatever its age.
     */
    @WithDefault("365D")
    Duration retention();

    /** Where team-service answers (the directory's fill and look-ups of zones and teams it does not know yet). */
    @WithDefault("http://localhost:8083")
    URI teamServiceUrl();
}
