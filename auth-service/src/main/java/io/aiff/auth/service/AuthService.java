package io.aiff.auth.service;

import io.aiff.auth.User;
import io.aiff.auth.client.TeamScopes;
import io.aiff.auth.config.AuthConfig;
import io.aiff.auth.repository.RoleRepository;
import io.aiff.auth.repository.UserRepository;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.problem.ProblemResponses;
import io.aiff.common.security.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sign-in, refresh with rotation, logout. Every refused sign-in (unknown user, wrong password, inactive account,
 * lockout) gets the same answer and costs the same hashing time.
 */
@ApplicationScoped
public class AuthService {

    /** What a client gets after login (with a device token for its next logins) or refresh (without). */
    public record Issued(String accessToken, String refreshToken, long expiresIn, boolean scopeDegraded, String deviceToken) {
        Issued withDeviceToken(String token) {
            return new Issued(accessToken, refreshToken, expiresIn, scopeDegraded, token);
        }
    }

    /** Where a request comes from. */
    public record Origin(String ip, String userAgent) {
    }

    private static final Problem REFUSED_LOGIN = Problem.unauthorized("Invalid username or password.");

    private final UserRepository users;
    private final RoleRepository roles;
    private final PasswordHasher hasher;
    private final TokenIssuer tokens;
    private final RefreshTokens refreshTokens;
    private final Sessions sessions;
    private final LoginGuard guard;
    private final TeamScopes scopes;
    private final Audit audit;
    private final AuthConfig.Token config;
    private final Clock clock;
    private final HashingPool hashing;
    private final DeviceTokens devices;

    public AuthService(UserRepository users, RoleRepository roles, PasswordHasher hasher, TokenIssuer tokens,
                       RefreshTokens refreshTokens, Sessions sessions, LoginGuard guard, TeamScopes scopes, Audit audit,
                       AuthConfig config, Clock clock, HashingPool hashing, DeviceTokens devices) {
        this.users = users;
        this.roles = roles;
        this.hasher = hasher;
        this.tokens = tokens;
        this.refreshTokens = refreshTokens;
        this.sessions = sessions;
        this.guard = guard;
        this.scopes = scopes;
        this.audit = audit;
        this.config = config.token();
        this.clock = clock;
        this.hashing = hashing;
        this.devices = devices;
    }

    /**
     * Database sessions are kept short: the user is read in one, the hash and the team-service call happen outside
     * any (they can take a while, and a pool connection is precious), the audit line is written in its own. A device
     * token counts only for the account it was issued to ({@link LoginGuard} says what it changes).
     */
    public Uni<Issued> login(String username, String password, String deviceToken, Origin origin) {
        Audit.Actor anonymous = Audit.Actor.anonymous(origin.ip());
        DeviceTokens.Device device = devices.verify(deviceToken);
        return Panache.withSession(() -> users.findByUsername(username)).chain(user -> {
            String deviceId = device != null && user != null && user.id == device.userId() ? device.deviceId() : null;
            return guard.attempt(username, origin.ip(), deviceId)
                    .onFailure().transform(AuthService::redisUnavailable)
                    .chain(attempt -> attempt.verdict() == LoginGuard.Verdict.ADDRESS_LOCKED
                            ? refuseAddress(anonymous, username, attempt)
                            : verify(password, user).chain(valid -> {
                                if (!attempt.allowed()) {
                                    return refuse(anonymous, Audit.LOGIN_LOCKED, username,
                                            deviceId == null ? Map.of() : Map.of("device", deviceId));
                                }
                                if (!valid || !user.active) {
                                    return refuse(anonymous, Audit.LOGIN_FAILED, username,
                                            Map.of("reason", user == null ? "unknown_user" : !valid ? "wrong_password" : "inactive"));
                                }
                                return guard.succeeded(attempt).chain(() -> startSession(user, origin))
                                        .map(issued -> issued.withDeviceToken(devices.issue(user.id, deviceId)));
                            }));
        });
    }

    public Uni<Issued> refresh(String refreshToken, Origin origin) {
        String sid = refreshTokens.sidOf(refreshToken);
        if (sid == null) {
            return Uni.createFrom().failure(invalidRefresh());
        }
        return sessions.find(sid)
                .onFailure().transform(AuthService::redisUnavailable)
                .chain(session -> session == null ? Uni.createFrom().failure(invalidRefresh())
                        : rotate(session, refreshToken, origin));
    }

    private Uni<Issued> rotate(Sessions.Session session, String presented, Origin origin) {
        String successor = refreshTokens.successor(presented);
        long now = clock.millis();
        return Panache.withSession(() -> users.findById(session.userId())
                        .chain(user -> user == null || !user.active ? Uni.createFrom().nullItem()
                                : roles.permissionsOf(user.role).map(permissions -> new Object[] {user, permissions})))
                .chain(found -> {
                    if (found == null) {
                        return sessions.revoke(session.sid(), session.userId()).chain(() -> Uni.createFrom().failure(invalidRefresh()));
                    }
                    User user = (User) found[0];
                    @SuppressWarnings("unchecked")
                    List<String> permissions = (List<String>) found[1];
                    return scopes.of(user.id).map(scope -> new Sessions.Session(session.sid(), user.id, user.username,
                                    user.role, permissions, scope.teamIds(), scope.zoneIds(), scope.zones(), scope.degraded(),
                                    session.createdAt(), Instant.ofEpochMilli(now).plus(config.refreshLifetime()), now / 1000,
                                    session.ip(), session.userAgent()))
                            .chain(updated -> sessions.rotate(updated, refreshTokens.hash(presented),
                                            refreshTokens.hash(successor), now, config.refreshGrace(), config.refreshLifetime())
                                    .chain(outcome -> switch (outcome) {
                                        case ROTATED -> Uni.createFrom().item(issue(updated, successor));
                                        // A retry of a refresh whose answer was lost: the same pair again.
                                        case GRACE -> sessions.find(session.sid()).chain(current -> current == null
                                                ? Uni.createFrom().failure(invalidRefresh())
                                                : Uni.createFrom().item(issue(current, successor)));
                                        case REUSE -> detectedReuse(session, origin);
                                        case INVALID, MISSING -> Uni.createFrom().failure(invalidRefresh());
                                    }));
                });
    }

    /** An old refresh token came back after its grace window: someone else may hold it. End the session. */
    private Uni<Issued> detectedReuse(Sessions.Session session, Origin origin) {
        return sessions.revoke(session.sid(), session.userId())
                .chain(() -> Panache.withTransaction(() -> audit.record(Audit.Actor.anonymous(origin.ip()),
                        Audit.REFRESH_REUSE, Caller.user(session.userId()), false, Map.of("sid", session.sid()))))
                .chain(() -> Uni.createFrom().failure(invalidRefresh()));
    }

    public Uni<Void> logout(int userId, String sid, Origin origin) {
        return sessions.revoke(sid, userId)
                .onFailure().transform(AuthService::redisUnavailable)
                .chain(() -> Panache.withTransaction(() -> audit.record(Audit.Actor.user(userId, origin.ip()),
                        Audit.LOGOUT, Caller.user(userId), true, Map.of("sid", sid))));
    }

    @WithSession
    public Uni<User> me(int userId) {
        return users.findById(userId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("User"));
    }

    @WithSession
    public Uni<List<String>> permissionsOf(String role) {
        return roles.permissionsOf(role);
    }

    private Uni<Issued> startSession(User user, Origin origin) {
        String sid = UUID.randomUUID().toString();
        Instant now = clock.instant();
        return Panache.withSession(() -> roles.permissionsOf(user.role))
                .chain(permissions -> scopes.of(user.id).map(scope -> new Sessions.Session(sid, user.id, user.username,
                        user.role, permissions, scope.teamIds(), scope.zoneIds(), scope.zones(), scope.degraded(), now,
                        now.plus(config.refreshLifetime()), now.getEpochSecond(), origin.ip(), origin.userAgent())))
                .chain(session -> {
                    String refreshToken = refreshTokens.newToken(sid);
                    return sessions.create(session, refreshTokens.hash(refreshToken), config.refreshLifetime())
                            .onFailure().transform(AuthService::redisUnavailable)
                            .chain(() -> Panache.withTransaction(() -> audit.record(
                                    Audit.Actor.user(user.id, origin.ip()), Audit.LOGIN, Caller.user(user.id), true,
                                    Map.of("sid", sid))))
                            .map(v -> issue(session, refreshToken));
                });
    }

    private Issued issue(Sessions.Session session, String refreshToken) {
        String access = tokens.forSession(session, session.accessIat(), refreshTokens.jtiFor(refreshToken));
        return new Issued(access, refreshToken, tokens.lifetimeSeconds(), session.scopeDegraded(), null);
    }

    /** The address is over its failure budget and this attempt has no device token: 429 before any hashing. */
    private Uni<Issued> refuseAddress(Audit.Actor actor, String username, LoginGuard.Attempt attempt) {
        return Panache.withTransaction(() -> audit.record(actor, Audit.LOGIN_ADDRESS_LOCKED, "username:" + username, false, Map.of()))
                .chain(() -> Uni.createFrom().failure(new ProblemException(Problem.of(429, "sign-in-throttled",
                        "Too Many Requests", "Too many failed sign-ins from this network. Sign in from a device that "
                                + "signed in before (with its device token), or retry later.")
                        .with(ProblemResponses.RETRY_AFTER, attempt.retryAfterSeconds()))));
    }

    private Uni<Issued> refuse(Audit.Actor actor, String action, String username, Map<String, Object> details) {
        return Panache.withTransaction(() -> audit.record(actor, action, "username:" + username, false, details))
                .chain(() -> Uni.createFrom().failure(new ProblemException(REFUSED_LOGIN)));
    }

    private Uni<Boolean> verify(String password, User user) {
        return hashing.run(() -> hasher.verify(password, user == null ? null : user.passwordHash));
    }

    private static ProblemException invalidRefresh() {
        return new ProblemException(Problem.unauthorized("The refresh token is not valid."));
    }

    private static Throwable redisUnavailable(Throwable failure) {
        if (failure instanceof ProblemException) {
            return failure;
        }
        return new ProblemException(Problem.of(503, "unavailable", "Service Unavailable",
                "Sign-in is unavailable right now; try again shortly.").with(ProblemResponses.RETRY_AFTER, 5));
    }
}
