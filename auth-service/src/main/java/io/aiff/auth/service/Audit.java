package io.aiff.auth.service;

import io.aiff.auth.AuditEntry;
import io.aiff.common.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Writes audit lines. Call it inside the transaction of the change it records, so the line exists exactly when
 * the change does.
 */
@ApplicationScoped
public class Audit {

    public static final String LOGIN = "login";
    public static final String LOGIN_FAILED = "login_failed";
    public static final String LOGIN_LOCKED = "login_locked_out";
    public static final String LOGIN_ADDRESS_LOCKED = "login_address_throttled";
    public static final String LOGOUT = "logout";
    public static final String SESSION_REVOKED = "session_revoked";
    public static final String REFRESH_REUSE = "refresh_token_reuse";
    public static final String TOKEN_ISSUED = "client_token_issued";
    public static final String TOKEN_REFUSED = "client_token_refused";
    public static final String USER_CREATED = "user_created";
    public static final String USER_UPDATED = "user_updated";
    public static final String USER_DEACTIVATED = "user_deactivated";
    public static final String PASSWORD_CHANGED = "password_changed";
    public static final String PASSWORD_RESET = "password_reset";
    public static final String LOCKOUT_CLEARED = "lockout_cleared";
    public static final String ROLE_PERMISSIONS_CHANGED = "role_permissions_changed";
    public static final String CLIENT_CREATED = "client_created";
    public static final String CLIENT_UPDATED = "client_updated";
    public static final String CLIENT_DEACTIVATED = "client_deactivated";
    public static final String RETENTION_COMPLETED = "retention_completed";

    /** Who did it and from where. */
    public record Actor(String name, String ip) {

        public static Actor anonymous(String ip) {
            return new Actor("anonymous", ip);
        }

        public static Actor user(int id, String ip) {
            return new Actor(Caller.user(id), ip);
        }

        public static Actor client(String clientId, String ip) {
            return new Actor(Caller.client(clientId), ip);
        }
    }

    private final Clock clock;

    public Audit(Clock clock) {
        this.clock = clock;
    }

    public Uni<Void> record(Actor actor, String action, String target, boolean success, Map<String, Object> details) {
        AuditEntry entry = new AuditEntry();
        entry.occurredAt = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        entry.actor = actor.name();
        entry.action = action;
        entry.target = target;
        entry.outcome = success ? "success" : "failure";
        entry.ip = actor.ip();
        entry.details = details == null || details.isEmpty() ? null : details;
        return entry.persist().replaceWithVoid();
    }
}
