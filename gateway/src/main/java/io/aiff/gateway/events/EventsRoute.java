package io.aiff.gateway.events;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.problem.ProblemResponses;
import io.aiff.common.security.Caller;
import io.aiff.common.security.Claims;
import io.aiff.common.security.SessionRevocation;
import io.aiff.common.security.TokenClaims;
import io.aiff.common.web.Callers;
import io.aiff.gateway.ratelimit.RateLimits;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * {@code GET /api/events}: Server-Sent Events of everything the services publish that the caller could read
 * through the API. {@code id} is the stream entry id, so {@code Last-Event-ID} resumes exactly (replay, then live,
 * no gap, no duplicate). Heartbeat comments keep proxies from closing idle streams; a stream ends when its token
 * expires or its session is revoked, and the client reconnects with a fresh token and its Last-Event-ID.
 */
@ApplicationScoped
public class EventsRoute {

    static final long HEARTBEAT_MILLIS = 15_000;
    /** Open streams per caller (user or client): a phone and a tablet or two, not hundreds. */
    static final int MAX_STREAMS_PER_CALLER = 10;
    /** Live events held while a replay runs; beyond it the client is let go and resumes with Last-Event-ID. */
    static final int MAX_PENDING = 10_000;
    static final long REVOCATION_CHECK_MILLIS = 5_000;
    private static final Pattern TYPE = Pattern.compile("[a-z_]+(\\.[a-z_]+)*(\\.\\*)?|[a-z_]+\\*");

    private final EventHub hub;
    private final RateLimits limits;
    private final SessionRevocation revocation;
    private final Vertx vertx;
    private final Map<String, AtomicInteger> openStreams = new ConcurrentHashMap<>();

    public EventsRoute(EventHub hub, RateLimits limits, SessionRevocation revocation, Vertx vertx) {
        this.hub = hub;
        this.limits = limits;
        this.revocation = revocation;
        this.vertx = vertx;
    }

    void install(@Observes Router router) {
        router.get("/api/events").handler(limits.step()).handler(this::open);
    }

    private void open(RoutingContext rc) {
        if (Callers.isAnonymous(rc) || !(((QuarkusHttpUser) rc.user()).getSecurityIdentity().getPrincipal() instanceof JsonWebToken jwt)) {
            ProblemResponses.write(rc, Problem.tokenRequired());
            return;
        }
        Caller caller = Caller.of(((QuarkusHttpUser) rc.user()).getSecurityIdentity());
        EventFilter filter;
        String lastEventId = rc.request().getHeader("Last-Event-ID");
        try {
            filter = filter(caller, rc.request().getParam("types"));
            if (lastEventId == null) {
                lastEventId = rc.request().getParam("last_event_id");
            }
            if (lastEventId != null && !StreamIds.valid(lastEventId)) {
                throw ProblemException.badRequest("Last-Event-ID", "is not an event id of this stream");
            }
        } catch (ProblemException e) {
            ProblemResponses.write(rc, e.problem());
            return;
        }
        var count = openStreams.computeIfAbsent(caller.actor(), k -> new AtomicInteger());
        if (count.incrementAndGet() > MAX_STREAMS_PER_CALLER) {
            count.decrementAndGet();
            ProblemResponses.write(rc, Problem.of(429, "too-many-streams", "Too Many Requests",
                    "At most " + MAX_STREAMS_PER_CALLER + " event streams at once per caller.")
                    .with(ProblemResponses.RETRY_AFTER, 30));
            return;
        }
        rc.addEndHandler(ended -> {
            if (count.decrementAndGet() <= 0) {
                openStreams.remove(caller.actor(), count);
            }
        });
        stream(rc, jwt, filter, lastEventId);
    }

    private void stream(RoutingContext rc, JsonWebToken jwt, EventFilter filter, String lastEventId) {
        HttpServerResponse response = rc.response()
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write("retry: 3000\n\n");
        List<Long> timers = new ArrayList<>();
        Subscription[] holder = new Subscription[1];
        Runnable close = () -> {
            hub.remove(holder[0]);
            timers.forEach(vertx::cancelTimer);
            holder[0].end();
        };
        Subscription subscription = new Subscription(response, filter, lastEventId, close);
        holder[0] = subscription;
        hub.add(subscription);
        rc.addEndHandler(v -> close.run());
        timers.add(vertx.setPeriodic(HEARTBEAT_MILLIS, id -> subscription.heartbeat()));
        long untilExpiry = jwt.getExpirationTime() * 1000 - System.currentTimeMillis();
        timers.add(vertx.setTimer(Math.max(1, untilExpiry), id -> close.run()));
        String sid = TokenClaims.string(jwt, Claims.SID);
        if (sid != null) {
            timers.add(vertx.setPeriodic(REVOCATION_CHECK_MILLIS, id -> revocation.isRevoked(sid)
                    .subscribe().with(revoked -> {
                        if (revoked) {
                            close.run();
                        }
                    }, failure -> { }))); // without Redis the token's expiry still ends the stream
        }
        if (lastEventId == null) {
            subscription.live();
        } else {
            replay(subscription, lastEventId, close);
        }
    }

    /** Sends what was missed, batch by batch, then lets the events that arrived meanwhile through. */
    private void replay(Subscription subscription, String afterId, Runnable close) {
        if (subscription.gone()) {
            return;
        }
        hub.after(afterId).subscribe().with(batch -> {
            batch.forEach(subscription::replayed);
            if (batch.size() < 500) {
                subscription.live();
            } else {
                replay(subscription, batch.get(batch.size() - 1).id(), close);
            }
        }, failure -> close.run());
    }

    private static EventFilter filter(Caller caller, String typesParam) {
        List<String> types = new ArrayList<>();
        if (typesParam != null && !typesParam.isBlank()) {
            types = Arrays.stream(typesParam.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
            if (types.size() > 20 || types.stream().anyMatch(t -> t.length() > 64 || !TYPE.matcher(t).matches())) {
                throw ProblemException.badRequest("types", "must be up to 20 event types such as ticket.* or team.status_changed");
            }
        }
        return new EventFilter(caller, types);
    }

    /** One client: replays first, queues live events meanwhile, never sends an id twice or out of order. */
    static final class Subscription implements EventHub.Listener {
        private final HttpServerResponse response;
        private final EventFilter filter;
        private final Runnable close;
        private final List<EventHub.Event> pending = new ArrayList<>();
        private String lastSent;
        private boolean live;

        Subscription(HttpServerResponse response, EventFilter filter, String lastEventId, Runnable close) {
            this.response = response;
            this.filter = filter;
            this.lastSent = lastEventId;
            this.close = close;
        }

        @Override
        public synchronized void onEvent(EventHub.Event event) {
            if (live) {
                send(event);
            } else if (pending.size() < MAX_PENDING) {
                pending.add(event);
            } else {
                close.run();
            }
        }

        synchronized boolean gone() {
            return response.closed() || response.ended();
        }

        synchronized void end() {
            pending.clear();
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        }

        synchronized void replayed(EventHub.Event event) {
            send(event);
        }

        synchronized void live() {
            pending.forEach(this::send);
            pending.clear();
            live = true;
        }

        synchronized void heartbeat() {
            if (!response.closed() && !response.ended()) {
                response.write(": keep-alive\n\n");
            }
        }

        private void send(EventHub.Event event) {
            if (lastSent != null && StreamIds.compare(event.id(), lastSent) <= 0) {
                return;
            }
            lastSent = event.id();
            if (!filter.accepts(event.envelope()) || response.closed() || response.ended()) {
                return;
            }
            if (response.writeQueueFull()) {
                // A client that cannot keep up is let go; it resumes with Last-Event-ID.
                close.run();
                return;
            }
            response.write("id: " + event.id() + "\nevent: " + event.envelope().getString("type", "message")
                    + "\ndata: " + event.json().replace("\n", "") + "\n\n");
        }
    }
}
