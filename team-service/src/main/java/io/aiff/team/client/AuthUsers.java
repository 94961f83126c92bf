package io.aiff.team.client;

import io.aiff.common.client.ClientConfig;
import io.aiff.common.client.ServiceClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Asks auth-service whether users exist, as team-service (its own client-credentials account). When auth-service
 * cannot answer, the change is refused with 503 rather than accepting users nobody checked.
 */
@ApplicationScoped
public class AuthUsers {

    private final ServiceClient client;
    private final ClientConfig config;

    public AuthUsers(ServiceClient client, ClientConfig config) {
        this.client = client;
        this.config = config;
    }

    public Uni<Boolean> exists(int userId) {
        return client.get(config.authServiceUrl(), "/api/users/" + userId).map(reply -> {
            if (reply.status() == 200 || reply.status() == 404) {
                return reply.status() == 200;
            }
            throw ServiceClient.unavailable("auth-service");
        });
    }
}
