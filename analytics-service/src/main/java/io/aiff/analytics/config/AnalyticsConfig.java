package io.aiff.analytics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;

/** Settings of analytics-service ({@code aiff.analytics.*}); each can be set from the environment (README). */
@ConfigMapping(prefix = "aiff.analytics")
public interface AnalyticsConfig {

    /** The deployment's time zone: where a day, an ISO week and a month begin ({@code AIFF_ANALYTICS_TIME_ZONE}). */
    @WithDefault("UTC")
    ZoneId timeZone();

    /**
     * How long metric rows are kept ({@code AIFF_ANALYTICS_RETENTION}, two years): older daily rows go after their
     * months are kept as monthly rollups; rows other services recorded go too. Monthly rollups stay.
     */
    @WithDefault("730D")
    Duration retention();

    /** Where ticket-service answers: the rebuild and the reconcile read its export ({@code AIFF_TICKET_SERVICE_URL}). */
    @WithDefault("http://localhost:8082")
    URI ticketServiceUrl();

    /**
     * Whether the consumer's fill (its group is new, or the stream was trimmed past it, or an event was set aside)
     * starts a rebuild from ticket-service's export. Off only in tests that feed the facts themselves.
     */
    @WithDefault("true")
    boolean rebuildOnFill();

    /** How long a team's or zone's cached numbers are used ({@code team:performance:*}, {@code zone:analytics:*}). */
    @WithDefault("60s")
    Duration cacheTtl();

    /**
     * How often changed numbers are looked for and published ({@code analytics.updated}); each team or zone is
     * published at most once a second whatever this is.
     */
    @WithDefault("250ms")
    Duration publishEvery();

    /** Teams and zones published per look, at most (the rest wait for the next). */
    @WithDefault("25")
    int publishBatch();

    /** How often a replica asks whether the daily history is due its refresh (once a day, after midnight; the period of DailyHistory.check). */
    @WithDefault("5m")
    Duration dailyCheck();

    /** Tickets per page of the export a rebuild reads. */
    @WithDefault("200")
    int rebuildPage();
}
