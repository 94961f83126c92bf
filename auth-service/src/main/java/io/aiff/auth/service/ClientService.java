package io.aiff.auth.service;

import io.aiff.auth.ServiceClient;
import io.aiff.auth.repository.RoleRepository;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Service accounts and the client-credentials grant (RFC 6749 §4.4). */
@ApplicationScoped
public class ClientService {

    private static final Pattern CLIENT_ID = Pattern.compile("[a-z][a-z0-9._-]{2,99}");

    /** A new client and its secret, which is shown this once and stored only as a hash. */
    public record Created(ServiceClient client, String secret) {
    }

    private final PasswordHasher hasher;
    private final HashingPool hashing;
    private final RoleRepository roles;
    private final TokenIssuer tokens;
    private final Audit audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ClientService(PasswordHasher hasher, HashingPool hashing, RoleRepository roles, TokenIssuer tokens,
                         Audit audit, Clock clock) {
        this.hasher = hasher;
        this.hashing = hashing;
        this.roles = roles;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    @WithSession
    public Uni<List<ServiceClient>> list() {
        return ServiceClient.<ServiceClient>listAll(Sort.by("clientId"));
    }

    @WithTransaction
    public Uni<Created> create(String clientId, String description, List<String> permissions, Set<String> callerPermissions,
                               Audit.Actor actor) {
        if (!callerPermissions.containsAll(permissions)) {
            // Nobody hands out more than they hold.
            throw new ForbiddenException();
        }
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw ProblemException.badRequest("client_id", "must start with a letter, 3–100 characters of a-z, 0-9, '.', '_' or '-' (so it is never a user id)");
        }
        String secret = newSecret();
        return checkPermissions(permissions)
                .chain(() -> ServiceClient.count("clientId", clientId))
                .chain(n -> n > 0 ? Uni.createFrom().failure(new ProblemException(
                        Problem.conflict("This client id is taken.").with("field", "client_id")))
                        : hashing.run(() -> hasher.hash(secret)))
                .chain(hash -> {
                    ServiceClient client = new ServiceClient();
                    client.clientId = clientId;
                    client.secretHash = hash;
                    client.description = description;
                    client.permissions = permissions.stream().sorted().distinct().toArray(String[]::new);
                    client.active = true;
                    client.managedBy = "api";
                    return client.<ServiceClient>persistAndFlush()
                            .chain(() -> audit.record(actor, Audit.CLIENT_CREATED, Caller.client(clientId), true,
                                    Map.of("permissions", List.of(client.permissions))))
                            .replaceWith(new Created(client, secret));
                });
    }

    @WithTransaction
    public Uni<Void> deactivate(String clientId, Audit.Actor actor) {
        return ServiceClient.<ServiceClient>find("clientId", clientId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Client"))
                .chain(client -> {
                    client.active = false;
                    return audit.record(actor, Audit.CLIENT_DEACTIVATED, Caller.client(clientId), true, Map.of());
                });
    }

    /**
     * Issues a short-lived service token for valid, active credentials. Every refusal is the same 401
     * ({@code invalid_client}), and an unknown client costs the same hashing time as a known one.
     */
    @WithSession
    public Uni<String> token(String clientId, String secret, String ip) {
        Audit.Actor actor = Audit.Actor.client(clientId == null ? "unknown" : clientId, ip);
        return ServiceClient.<ServiceClient>find("clientId", clientId).firstResult()
                .chain(client -> hashing.run(() -> hasher.verify(secret, client == null ? null : client.secretHash))
                        .chain(valid -> {
                            if (!valid || !client.active) {
                                return Panache.withTransaction(() -> audit.record(actor, Audit.TOKEN_REFUSED,
                                                Caller.client(clientId), false, Map.of()))
                                        .chain(() -> Uni.createFrom().failure(invalidClient()));
                            }
                            return Panache.withTransaction(() -> audit.record(actor, Audit.TOKEN_ISSUED,
                                            Caller.client(clientId), true, Map.of()))
                                    .map(v -> tokens.forClient(client.clientId, Arrays.asList(client.permissions),
                                            clock.instant().getEpochSecond()));
                        }));
    }

    public long tokenLifetime() {
        return tokens.serviceLifetimeSeconds();
    }

    private Uni<Void> checkPermissions(List<String> permissions) {
        return roles.permissions().map(known -> {
            List<String> names = known.stream().map(RoleRepository.PermissionRow::name).toList();
            List<String> unknown = permissions.stream().filter(p -> !names.contains(p)).toList();
            if (!unknown.isEmpty()) {
                throw ProblemException.badRequest("permissions", "unknown permission(s): " + String.join(", ", unknown));
            }
            return null;
        });
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static ProblemException invalidClient() {
        return new ProblemException(Problem.unauthorized("Invalid client credentials.").with("error", "invalid_client"));
    }
}
