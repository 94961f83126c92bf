package io.aiff.team.client;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;

/**
 * Asks auth-service whether users exist, with team-service's own client-credentials token (fetched and renewed here).
 * When auth-service cannot answer, the change is refused with 503 rather than accepting users nobody checked.
 */
@ApplicationScoped
public class AuthUsers {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final AuthClient client;
    private final String clientId;
    private final String clientSecret;
    private volatile String token;
    private volatile long tokenExpiresAtMillis;

    public AuthUsers(@RestClient AuthClient client, @ConfigProperty(name = "aiff.client.id") String clientId,
                     @ConfigProperty(name = "aiff.client.secret") String clientSecret) {
        this.client = client;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    public Uni<Boolean> exists(int userId) {
        return token().chain(bearer -> client.user(userId, "Bearer " + bearer))
                .map(response -> response.getStatus() == 200)
                .onFailure(WebApplicationException.class).recoverWithUni(failure -> {
                    int status = ((WebApplicationException) failure).getResponse().getStatus();
                    if (status == 404) {
                        return Uni.createFrom().item(false);
                    }
                    if (status == 401) {
                        token = null; // renewed on the next call
                    }
                    return Uni.createFrom().failure(failure);
                })
                .ifNoItem().after(TIMEOUT).fail()
                .onFailure(f -> !(f instanceof ProblemException)).transform(failure -> {
                    Log.warnf("auth-service did not confirm user %d: %s", userId, failure.toString());
                    return new ProblemException(Problem.of(503, "auth-unavailable", "Service Unavailable",
                            "Users cannot be checked right now; try again shortly.").with("retry_after", 5));
                });
    }

    private Uni<String> token() {
        String current = token;
        if (current != null && System.currentTimeMillis() < tokenExpiresAtMillis) {
            return Uni.createFrom().item(current);
        }
        return client.token(new AuthClient.TokenRequest("client_credentials", clientId, clientSecret)).map(response -> {
            token = response.accessToken();
            tokenExpiresAtMillis = System.currentTimeMillis() + Math.max(0, response.expiresIn() - 30) * 1000;
            return token;
        });
    }
}
