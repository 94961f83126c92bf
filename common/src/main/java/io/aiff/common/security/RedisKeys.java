package io.aiff.common.security;

import io.aiff.common.config.CommonConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** The Redis key names of {@code docs/api.md}, under the deployment's prefix (default {@code aiff:}). */
@ApplicationScoped
public class RedisKeys {

    private final String prefix;

    public RedisKeys(CommonConfig config) {
        this.prefix = config.redisPrefix();
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
