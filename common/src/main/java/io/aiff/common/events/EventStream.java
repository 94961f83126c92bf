package io.aiff.common.events;

/**
 * The one Redis stream every service's outbox relay publishes to (docs/api.md "Events"): key {@code events} under
 * the deployment prefix ({@code aiff:events}), one entry per event, the JSON envelope in the field
 * {@value #ENVELOPE_FIELD}. The entry id is what SSE clients see as the event id.
 */
public final class EventStream {

    public static final String KEY = "events";
    public static final String ENVELOPE_FIELD = "envelope";

    private EventStream() {
    }
}
