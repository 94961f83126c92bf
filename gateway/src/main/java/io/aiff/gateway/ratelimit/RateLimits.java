package io.aiff.gateway.ratelimit;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemResponses;
import io.aiff.common.ratelimit.RateLimiter;
import io.aiff.common.security.Caller;
import io.aiff.common.security.RedisKeys;
import io.aiff.common.web.TrustedProxies;
import io.aiff.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which limit a request falls under and whose budget it spends (docs/api.md "Rate limits"; the seed's
 * {@code rate_limit:{user_id}:{endpoint}}): users by id, service clients by client id, anonymous callers by IP.
 */
@ApplicationScoped
public class RateLimits {

    public static final String LOGIN = "login";
    public static final String LOGIN_USERNAME = "login-username";
    public static final String TOKEN = "token";
    public static final String READ = "read";
    public static final String WRITE = "write";
    public static final String SEARCH = "search";
    public static final String EVENTS = "events";

    private final RateLimiter limiter;
    private final GatewayConfig config;
    private final RedisKeys keys;
    private final TrustedProxies proxies;

    public RateLimits(RateLimiter limiter, GatewayConfig config, RedisKeys keys) {
        this.limiter = limiter;
        this.config = config;
        this.keys = keys;
        this.proxies = new TrustedProxies(config.trustedProxies());
    }

    public static String classOf(HttpMethod method, String path) {
        if (method == HttpMethod.POST && (path.equals("/api/auth/login") || path.equals("/api/auth/refresh"))) {
            return LOGIN;
        }
        if (method == HttpMethod.POST && path.equals("/api/auth/token")) {
            return TOKEN;
        }
        if (path.equals("/api/events")) {
            return EVENTS;
        }
        if (path.endsWith("/search") || path.contains("/search/")) {
            return SEARCH;
        }
        return method == HttpMethod.GET || method == HttpMethod.HEAD ? READ : WRITE;
    }

    /** Spends one request of the caller's budget for this class; writes the RateLimit-* headers either way. */
    public Uni<RateLimiter.Decision> spend(RoutingContext rc, String limitClass) {
        return spend(rc, limitClass, caller(rc));
    }

    public Uni<RateLimiter.Decision> spend(RoutingContext rc, String limitClass, String who) {
        GatewayConfig.RateLimit limit = config.rateLimits().get(limitClass);
        if (limit == null) {
            return Uni.createFrom().item(new RateLimiter.Decision(true, 0, 0, 0, 0));
        }
        return limiter.check(keys.key("rate_limit:" + who + ":" + limitClass), limit.limit(), limit.period())
                .invoke(decision -> headers(rc.response(), decision));
    }

    public String clientAddress(HttpServerRequest request) {
        return proxies.clientAddress(request);
    }

    /**
     * The route step of every rate-limited route (proxied ones, the event stream, the OpenAPI document): spends one
     * request of the caller's budget for the request's class and hands on, or answers 429.
     */
    public Handler<RoutingContext> step() {
        return rc -> admit(rc, spend(rc, classOf(rc.request().method(), rc.normalizedPath())));
    }

    /** Hands on when the decision allows, else 429; on the request's own context (a slow Redis answers elsewhere). */
    public static void admit(RoutingContext rc, Uni<RateLimiter.Decision> decision) {
        Context context = Vertx.currentContext();
        decision.subscribe().with(d -> context.runOnContext(v -> {
            if (d.allowed()) {
                rc.next();
            } else {
                refuse(rc, d);
            }
        }), failure -> context.runOnContext(v -> ProblemResponses.write(rc, Problem.internal())));
    }

    /** 429 problem with Retry-After. */
    public static void refuse(RoutingContext rc, RateLimiter.Decision decision) {
        ProblemResponses.write(rc, Problem.of(429, "rate-limited", "Too Many Requests",
                "Rate limit reached; retry after " + decision.retryAfterSeconds() + " s.")
                .with(ProblemResponses.RETRY_AFTER, decision.retryAfterSeconds()));
    }

    private String caller(RoutingContext rc) {
        if (rc.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()) {
            return Caller.of(user.getSecurityIdentity()).actor();
        }
        return "ip:" + clientAddress(rc.request());
    }

    private static void headers(HttpServerResponse response, RateLimiter.Decision decision) {
        if (decision.limit() > 0 && !response.headWritten()) {
            response.headers()
                    .set("RateLimit-Limit", String.valueOf(decision.limit()))
                    .set("RateLimit-Remaining", String.valueOf(decision.remaining()))
                    .set("RateLimit-Reset", String.valueOf(decision.resetSeconds()));
        }
    }
}
