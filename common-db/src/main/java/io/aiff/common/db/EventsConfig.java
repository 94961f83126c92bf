package io.aiff.common.db;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The event stream as a service with a database sees it ({@code aiff.events.*}). */
@ConfigMapping(prefix = "aiff.events")
public interface EventsConfig {

    /** How often the outbox relay looks for rows besides the NOTIFY wake-up. */
    @WithDefault("1S")
    Duration outboxPoll();

    /** How long the stream keeps events (at least a day: consumers that were down catch up from it). */
    @WithDefault("25H")
    Duration retention();

    /** How long an entry may stay pending with a consumer before another replica claims it (the first one died). */
    @WithDefault("30S")
    Duration claimIdle();

    /** How often a consumer claims such entries and checks whether the stream was trimmed past it. */
    @WithDefault("10S")
    Duration consumerCheck();

    /** How often a consumer forgets the ids of events the stream no longer holds. */
    @WithDefault("1H")
    Duration pruneEvery();

    /** Whether this service relays an outbox (a service without one turns it off). */
    @WithDefault("true")
    boolean outbox();
}
