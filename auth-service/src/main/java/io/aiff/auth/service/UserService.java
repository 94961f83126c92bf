package io.aiff.auth.service;

import io.aiff.auth.User;
import io.aiff.auth.repository.RoleRepository;
import io.aiff.auth.repository.UserRepository;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.web.Versions;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * User accounts. A password change ends the user's other sessions; an admin reset, a role change and a
 * deactivation end all of them (the old tokens stop working everywhere within seconds).
 */
@ApplicationScoped
public class UserService {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,50}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** A new account. */
    public record NewUser(String username, String email, String password, String role) {
    }

    /** The fields a merge patch may set (absent: unchanged). */
    public record Changes(String email, String role, Boolean active) {
    }

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final HashingPool hashing;
    private final Sessions sessions;
    private final Audit audit;
    private final Clock clock;

    public UserService(UserRepository users, PasswordHasher hasher, PasswordPolicy policy, HashingPool hashing,
                       Sessions sessions, Audit audit, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.hashing = hashing;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    public Audit audit() {
        return audit;
    }

    @WithSession
    public Uni<List<User>> page(UserRepository.Filter filter, int afterId, int limit) {
        return users.page(filter, afterId, limit);
    }

    @WithSession
    public Uni<User> get(int id) {
        return users.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("User"));
    }

    @WithTransaction
    public Uni<User> create(NewUser request, Audit.Actor actor) {
        String username = request.username() == null ? null : request.username().strip();
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ProblemException.badRequest("username", "must be 3–50 characters of a-z, 0-9, '.', '_' or '-'");
        }
        String email = checkEmail(request.email());
        String role = request.role() == null ? "viewer" : checkRole(request.role());
        policy.check("password", request.password(), username);
        return users.usernameTaken(username)
                .chain(taken -> taken ? Uni.createFrom().failure(conflict("username", "This username is taken."))
                        : users.emailTaken(email, null))
                .chain(taken -> taken ? Uni.createFrom().failure(conflict("email", "This e-mail address is in use."))
                        : hashing.run(() -> hasher.hash(request.password())))
                .chain(hash -> {
                    User user = new User();
                    user.username = username;
                    user.email = email;
                    user.passwordHash = hash;
                    user.role = role;
                    user.active = true;
                    return users.persistAndFlush(user)
                            .chain(() -> audit.record(actor, Audit.USER_CREATED, "user:" + user.id, true,
                                    Map.of("username", username, "role", role)))
                            .chain(() -> users.findById(user.id));
                });
    }

    /** Applies a merge patch when {@code expectedVersion} still matches (else 412), and ends sessions as needed. */
    @WithTransaction
    public Uni<User> update(int id, long expectedVersion, Changes changes, Audit.Actor actor) {
        return get(id).chain(user -> {
            if (user.version != expectedVersion) {
                return Uni.createFrom().failure(Versions.stale());
            }
            Map<String, Object> changed = new HashMap<>();
            Uni<Boolean> emailCheck = Uni.createFrom().item(false);
            if (changes.email() != null) {
                String email = checkEmail(changes.email());
                if (!email.equalsIgnoreCase(user.email)) {
                    emailCheck = users.emailTaken(email, id);
                }
                changed.put("email", email);
            }
            if (changes.role() != null) {
                changed.put("role", checkRole(changes.role()));
            }
            if (changes.active() != null) {
                changed.put("is_active", changes.active());
            }
            return emailCheck.chain(taken -> {
                if (taken) {
                    return Uni.createFrom().failure(conflict("email", "This e-mail address is in use."));
                }
                boolean endSessions = changed.containsKey("role") && !changed.get("role").equals(user.role)
                        || Boolean.FALSE.equals(changed.get("is_active")) && user.active;
                if (changed.containsKey("email")) {
                    user.email = (String) changed.get("email");
                }
                if (changed.containsKey("role")) {
                    user.role = (String) changed.get("role");
                }
                if (changed.containsKey("is_active")) {
                    user.active = (Boolean) changed.get("is_active");
                }
                user.updatedAt = now();
                return users.flush()
                        .chain(() -> audit.record(actor, user.active ? Audit.USER_UPDATED : Audit.USER_DEACTIVATED,
                                "user:" + id, true, changed))
                        .chain(() -> endSessions ? sessions.revokeAll(id, null).replaceWithVoid() : Uni.createFrom().voidItem())
                        .replaceWith(user);
            });
        });
    }

    @WithTransaction
    public Uni<Void> deactivate(int id, Audit.Actor actor) {
        return get(id).chain(user -> {
            user.active = false;
            user.updatedAt = now();
            return users.flush()
                    .chain(() -> audit.record(actor, Audit.USER_DEACTIVATED, "user:" + id, true, Map.of()))
                    .chain(() -> sessions.revokeAll(id, null))
                    .replaceWithVoid();
        });
    }

    /**
     * Sets a new password. The user themself must give the current one, and keeps the session they are using;
     * an administrator's reset ends every session.
     */
    @WithTransaction
    public Uni<Void> changePassword(int id, String current, String next, boolean self, String keepSid, Audit.Actor actor) {
        return get(id).chain(user -> {
            policy.check("new_password", next, user.username);
            Uni<Boolean> allowed = self
                    ? hashing.run(() -> current != null && hasher.verify(current, user.passwordHash))
                    : Uni.createFrom().item(true);
            return allowed.chain(ok -> {
                if (!ok) {
                    return Uni.createFrom().failure(ProblemException.badRequest("current_password", "is not correct"));
                }
                return hashing.run(() -> hasher.hash(next)).chain(hash -> {
                    user.passwordHash = hash;
                    user.updatedAt = now();
                    return users.flush()
                            .chain(() -> audit.record(actor, self ? Audit.PASSWORD_CHANGED : Audit.PASSWORD_RESET,
                                    "user:" + id, true, Map.of()))
                            .chain(() -> sessions.revokeAll(id, self ? keepSid : null))
                            .replaceWithVoid();
                });
            });
        });
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static String checkEmail(String email) {
        String value = email == null ? null : email.strip();
        if (value == null || value.length() > 100 || !EMAIL.matcher(value).matches()) {
            throw ProblemException.badRequest("email", "must be a valid e-mail address of at most 100 characters");
        }
        return value;
    }

    private static String checkRole(String role) {
        String value = role.toLowerCase(Locale.ROOT);
        if (!RoleRepository.ROLES.contains(value)) {
            throw ProblemException.badRequest("role", "must be one of " + String.join(", ", RoleRepository.ROLES));
        }
        return value;
    }

    private static ProblemException conflict(String field, String detail) {
        return new ProblemException(Problem.conflict(detail).with("field", field));
    }
}
