package io.aiff.common.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The Redis key names of shared/API.md, under the deployment's prefix (default {@code aiff:}). */
@ApplicationScoped
public class RedisKeys {

    private final String prefix;

    public RedisKeys(@ConfigProperty(name = "aiff.redis.prefix", defaultValue = "aiff:") String prefix) {
        this.prefix = prefix;
    }

    /** One per login: what the session is, and the hash of its current refresh token. */
    public String session(String sid) {
        return prefix + "session:" + sid;
    }

    /** The set of a user's session ids (the seed's {@code session:{user_id}}). */
    public String userSessions(long userId) {
        return prefix + "user_sessions:" + userId;
    }

    public String key(String name) {
        return prefix + name;
    }
}
