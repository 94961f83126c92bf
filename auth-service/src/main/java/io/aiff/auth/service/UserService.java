package io.aiff.auth.service;

import io.aiff.auth.User;
import io.aiff.auth.repository.RoleRepository;
import io.aiff.auth.repository.UserRepository;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Caller;
import io.aiff.common.web.Versions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** Who asks: their user id (null for a service), what their token grants, and how the audit names them. */
    public record Requester(Integer userId, Set<String> permissions, Audit.Actor actor) {
    }

    private final UserRepository users;
    private final RoleRepository roles;
    private final LoginGuard guard;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final HashingPool hashing;
    private final Sessions sessions;
    private final Audit audit;
    private final Clock clock;

    public UserService(UserRepository users, RoleRepository roles, LoginGuard guard, PasswordHasher hasher,
                       PasswordPolicy policy, HashingPool hashing, Sessions sessions, Audit audit, Clock clock) {
        this.users = users;
        this.roles = roles;
        this.guard = guard;
        this.hasher = hasher;
        this.policy = policy;
        this.hashing = hashing;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    @WithSession
    public Uni<List<User>> page(UserRepository.Filter filter, int afterId, int limit) {
        return users.page(filter, afterId, limit);
    }

    @WithSession
    public Uni<User> get(int id) {
        return users.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("User"));
    }

    public Uni<User> create(NewUser request, Requester caller) {
        String username = request.username() == null ? null : request.username().strip();
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ProblemException.badRequest("username", "must be 3–50 characters of a-z, 0-9, '.', '_' or '-'");
        }
        String email = checkEmail(request.email());
        String role = request.role() == null ? "viewer" : checkRole(request.role());
        policy.check("password", request.password(), username);
        return Panache.withTransaction(() -> mayHandOut(role, caller).chain(() -> users.usernameTaken(username))
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
                    // Set here rather than by the column defaults, so that the 201 answer equals a following GET.
                    user.createdAt = now();
                    user.updatedAt = user.createdAt;
                    return users.persistAndFlush(user)
                            .chain(() -> audit.record(caller.actor(), Audit.USER_CREATED, Caller.user(user.id), true,
                                    Map.of("username", username, "role", role)))
                            .chain(() -> users.findById(user.id));
                }));
    }

    /**
     * Applies a merge patch when {@code expectedVersion} still matches (else 412). A role change or deactivation
     * ends the user's sessions once the change is committed.
     */
    public Uni<User> update(int id, long expectedVersion, Changes changes, Requester caller) {
        boolean[] endSessions = new boolean[1];
        return Panache.withTransaction(() -> get(id).chain(user -> {
            if (user.version != expectedVersion) {
                return Uni.createFrom().failure(Versions.stale());
            }
            Map<String, Object> changed = new HashMap<>();
            if (changes.email() != null) {
                changed.put("email", checkEmail(changes.email()));
            }
            if (changes.role() != null) {
                changed.put("role", checkRole(changes.role()));
            }
            if (changes.active() != null) {
                changed.put("is_active", changes.active());
            }
            boolean roleChanges = changed.containsKey("role") && !changed.get("role").equals(user.role);
            if (roleChanges && Integer.valueOf(id).equals(caller.userId())) {
                return Uni.createFrom().failure(new ForbiddenException("Nobody changes their own role"));
            }
            String email = (String) changed.get("email");
            Uni<Boolean> emailTaken = email == null || email.equalsIgnoreCase(user.email)
                    ? Uni.createFrom().item(false) : users.emailTaken(email, id);
            return mayManage(user, caller)
                    .chain(() -> roleChanges ? mayHandOut((String) changed.get("role"), caller) : Uni.createFrom().voidItem())
                    .chain(() -> emailTaken)
                    .chain(taken -> {
                        if (taken) {
                            return Uni.createFrom().failure(conflict("email", "This e-mail address is in use."));
                        }
                        endSessions[0] = roleChanges || Boolean.FALSE.equals(changed.get("is_active")) && user.active;
                        if (email != null) {
                            user.email = email;
                        }
                        if (changed.containsKey("role")) {
                            user.role = (String) changed.get("role");
                        }
                        if (changed.containsKey("is_active")) {
                            user.active = (Boolean) changed.get("is_active");
                        }
                        user.updatedAt = now();
                        return users.flush()
                                .chain(() -> audit.record(caller.actor(), user.active ? Audit.USER_UPDATED : Audit.USER_DEACTIVATED,
                                        Caller.user(id), true, changed))
                                .replaceWith(user);
                    });
        })).call(user -> endSessions[0] ? sessions.revokeAll(id, null) : Uni.createFrom().voidItem());
    }

    public Uni<Void> deactivate(int id, Requester caller) {
        return Panache.withTransaction(() -> get(id).chain(user -> mayManage(user, caller).chain(() -> {
                    user.active = false;
                    user.updatedAt = now();
                    return users.flush()
                            .chain(() -> audit.record(caller.actor(), Audit.USER_DEACTIVATED, Caller.user(id), true, Map.of()));
                })))
                .call(() -> sessions.revokeAll(id, null));
    }

    /**
     * Sets a new password. The user themself must give the current one (counted like a sign-in, so it cannot be
     * guessed without limit), and keeps the session they are using; an administrator's reset ends every session.
     */
    public Uni<Void> changePassword(int id, String current, String next, boolean self, String keepSid, String ip, Requester caller) {
        return Panache.withSession(() -> get(id)).chain(user -> {
            policy.check("new_password", next, user.username);
            Uni<Boolean> allowed = self
                    ? guard.attempt(user.username, ip, null).chain(attempt -> hashing.run(() -> current != null
                            && hasher.verify(current, user.passwordHash)).chain(ok -> !attempt.allowed() ? Uni.createFrom().item(false)
                            : ok ? guard.succeeded(attempt).replaceWith(true) : Uni.createFrom().item(false)))
                    : mayManage(user, caller).replaceWith(true);
            return allowed.chain(ok -> {
                if (!ok) {
                    return Uni.createFrom().failure(ProblemException.badRequest("current_password", "is not correct"));
                }
                return hashing.run(() -> hasher.hash(next)).chain(hash -> Panache.withTransaction(() -> get(id).chain(fresh -> {
                    fresh.passwordHash = hash;
                    fresh.updatedAt = now();
                    return users.flush().chain(() -> audit.record(caller.actor(),
                            self ? Audit.PASSWORD_CHANGED : Audit.PASSWORD_RESET, Caller.user(id), true, Map.of()));
                })));
            }).call(() -> sessions.revokeAll(id, self ? keepSid : null));
        });
    }

    /** Lifts a lockout and forgets the failed sign-ins. */
    public Uni<Void> unlock(int id, Requester caller) {
        return Panache.withSession(() -> get(id)).chain(user -> guard.clear(user.username)
                .chain(() -> Panache.withTransaction(() -> audit.record(caller.actor(), Audit.LOCKOUT_CLEARED,
                        Caller.user(id), true, Map.of()))));
    }

    /** Nobody manages an account that holds more than they do (a manager cannot reset an admin's password). */
    private Uni<Void> mayManage(User target, Requester caller) {
        return roles.permissionsOf(target.role).map(held -> {
            if (!caller.permissions().containsAll(held)) {
                throw new ForbiddenException("That account holds permissions you do not");
            }
            return null;
        });
    }

    /** Nobody hands out a role with permissions they do not hold themselves. */
    private Uni<Void> mayHandOut(String role, Requester caller) {
        return roles.permissionsOf(role).map(granted -> {
            if (!caller.permissions().containsAll(granted)) {
                throw new ForbiddenException("That role holds permissions you do not");
            }
            return null;
        });
    }

    /** Microseconds, as PostgreSQL keeps them: what is answered is what a later read answers. */
    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static String checkEmail(String email) {
        String value = email == null ? null : email.strip();
        if (value == null || value.length() > 100 || !EMAIL.matcher(value).matches()) {
            throw ProblemException.badRequest("email", "must be a valid e-mail address of at most 100 characters");
        }
        return value;
    }

    /** Enum values are exactly the lower-case names (docs/api.md): "ADMIN" is not a role. */
    private static String checkRole(String role) {
        String value = role;
        if (!RoleRepository.ROLES.contains(value)) {
            throw ProblemException.badRequest("role", "must be one of " + String.join(", ", RoleRepository.ROLES));
        }
        return value;
    }

    private static ProblemException conflict(String field, String detail) {
        return new ProblemException(Problem.conflict(detail).with("field", field));
    }
}
