package io.aiff.auth.service;

import io.aiff.auth.User;
import io.aiff.auth.repository.UserRepository;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/** Sign-in and the caller's own account. */
@ApplicationScoped
public class AuthService {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final TokenIssuer tokens;
    private final Vertx vertx;

    public AuthService(UserRepository users, PasswordHasher hasher, TokenIssuer tokens, Vertx vertx) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.vertx = vertx;
    }

    /**
     * Checks the credentials and issues an access token. Every failure (unknown user, wrong password, inactive
     * account) gives the same answer, and an unknown user costs the same hashing time as a known one.
     */
    @WithSession
    public Uni<TokenIssuer.IssuedToken> login(String username, String password) {
        return users.findByUsername(username)
                .flatMap(user -> vertx.executeBlocking(Uni.createFrom().item(() ->
                                hasher.verify(password, user == null ? null : user.passwordHash)))
                        .map(valid -> {
                            if (!valid || !user.active) {
                                throw new ProblemException(Problem.unauthorized("Invalid username or password."));
                            }
                            return tokens.issue(user);
                        }));
    }

    @WithSession
    public Uni<User> me(int userId) {
        return users.findById(userId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("User"));
    }
}
