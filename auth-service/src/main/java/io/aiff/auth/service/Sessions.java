package io.aiff.auth.service;

import io.aiff.common.security.RedisKeys;
import io.aiff.common.security.SessionRevocation;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Login sessions in Redis ({@code docs/api.md}, "Redis keys"): {@code session:{sid}} holds what the session is and the hash
 * of its current refresh token; {@code user_sessions:{user_id}} is the set of a user's session ids. Deleting the
 * session key revokes it everywhere (see {@link SessionRevocation}).
 */
@ApplicationScoped
public class Sessions {

    /** Creates the session and indexes it under its user in one step (a concurrent revoke-all cannot miss it). */
    private static final String CREATE = """
            redis.call('HSET', KEYS[1], unpack(ARGV, 3))
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[1])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            return 1
            """;

    /**
     * Compare-and-rotate in one step, so two replicas racing on the same refresh token cannot both rotate it. The
     * user's session index lives as long as its longest session. "grace": the token just retired, presented again
     * within the window, and its successor is still the current one. "reuse": an older, retired token — someone else
     * may hold it. Anything else is simply not valid (a guessed token never ends someone's session).
     */
    private static final String ROTATE = """
            local cur = redis.call('HGET', KEYS[1], 'refresh_hash')
            if not cur then return 'missing' end
            if cur == ARGV[1] then
              local retired = redis.call('HGET', KEYS[1], 'retired_hashes') or ''
              retired = string.sub(cur .. ',' .. retired, 1, 65 * 8)
              redis.call('HSET', KEYS[1], 'retired_hashes', retired, 'prev_refresh_hash', cur, 'refresh_hash', ARGV[2],
                'rotated_at', ARGV[3], 'access_iat', ARGV[5])
              for i = 8, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
              redis.call('PEXPIRE', KEYS[1], ARGV[6])
              redis.call('SADD', KEYS[2], ARGV[7])
              if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[6]) then redis.call('PEXPIRE', KEYS[2], ARGV[6]) end
              return 'rotated'
            end
            if redis.call('HGET', KEYS[1], 'prev_refresh_hash') == ARGV[1] and cur == ARGV[2] then
              local rotated = tonumber(redis.call('HGET', KEYS[1], 'rotated_at'))
              if rotated and tonumber(ARGV[3]) - rotated <= tonumber(ARGV[4]) then return 'grace' end
            end
            local retired = redis.call('HGET', KEYS[1], 'retired_hashes') or ''
            if string.find(',' .. retired, ',' .. ARGV[1], 1, true) then return 'reuse' end
            return 'invalid'
            """;

    public enum Rotation { ROTATED, GRACE, REUSE, INVALID, MISSING }

    /** What a session knows about its user, enough to issue the same access token again. */
    public record Session(String sid, int userId, String username, String role, List<String> permissions,
                          List<Integer> teamIds, List<Integer> zoneIds, List<String> zones, boolean scopeDegraded, Instant createdAt,
                          Instant expires, long accessIat, String ip, String userAgent) {

        Map<String, String> fields() {
            Map<String, String> f = new HashMap<>();
            f.put("user_id", String.valueOf(userId));
            f.put("username", username);
            f.put("role", role);
            f.put("permissions", new JsonArray(permissions).encode());
            f.put("team_ids", new JsonArray(teamIds).encode());
            f.put("zone_ids", new JsonArray(zoneIds).encode());
            f.put("zones", new JsonArray(zones).encode());
            f.put("scope_degraded", String.valueOf(scopeDegraded));
            f.put("created_at", createdAt.toString());
            f.put("expires", expires.toString());
            f.put("access_iat", String.valueOf(accessIat));
            f.put("ip", ip == null ? "" : ip);
            f.put("user_agent", userAgent == null ? "" : userAgent);
            return f;
        }

        static Session of(String sid, Map<String, String> f) {
            List<Integer> teams = new ArrayList<>();
            new JsonArray(f.get("team_ids")).forEach(t -> teams.add(((Number) t).intValue()));
            List<Integer> zoneIds = new ArrayList<>();
            // Sessions started before zones were identified by id have none (their tokens carry names only).
            new JsonArray(f.getOrDefault("zone_ids", "[]")).forEach(z -> zoneIds.add(((Number) z).intValue()));
            List<String> zones = new ArrayList<>();
            new JsonArray(f.get("zones")).forEach(z -> zones.add(z.toString()));
            List<String> permissions = new ArrayList<>();
            new JsonArray(f.get("permissions")).forEach(p -> permissions.add(p.toString()));
            return new Session(sid, Integer.parseInt(f.get("user_id")), f.get("username"), f.get("role"), permissions,
                    teams, zoneIds, zones, Boolean.parseBoolean(f.get("scope_degraded")), Instant.parse(f.get("created_at")),
                    Instant.parse(f.get("expires")), Long.parseLong(f.get("access_iat")), f.get("ip"), f.get("user_agent"));
        }
    }

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveSetCommands<String, String> sets;
    private final RedisKeys keys;
    private final SessionRevocation revocation;

    public Sessions(ReactiveRedisDataSource redis, RedisKeys keys, SessionRevocation revocation) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.sets = redis.set(String.class);
        this.keys = keys;
        this.revocation = revocation;
    }

    public Uni<Void> create(Session session, String refreshHash, Duration ttl) {
        List<String> args = new ArrayList<>(List.of("EVAL", CREATE, "2", keys.session(session.sid()),
                keys.userSessions(session.userId()), session.sid(), String.valueOf(ttl.toMillis())));
        Map<String, String> fields = session.fields();
        fields.put("refresh_hash", refreshHash);
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return redis.execute(args.get(0), args.subList(1, args.size()).toArray(String[]::new)).replaceWithVoid();
    }

    public Uni<Session> find(String sid) {
        return hashes.hgetall(keys.session(sid))
                .map(fields -> fields == null || fields.isEmpty() ? null : Session.of(sid, fields));
    }

    /**
     * Rotates the refresh token when {@code presentedHash} is the current one, storing {@code updated} (the user's
     * role, permissions and scope as of now) in the same step; tells a retry within the grace window from reuse.
     */
    public Uni<Rotation> rotate(Session updated, String presentedHash, String newHash, long nowMillis, Duration grace,
                                Duration ttl) {
        List<String> args = new ArrayList<>(List.of("EVAL", ROTATE, "2", keys.session(updated.sid()),
                keys.userSessions(updated.userId()), presentedHash, newHash, String.valueOf(nowMillis),
                String.valueOf(grace.toMillis()), String.valueOf(updated.accessIat()), String.valueOf(ttl.toMillis()),
                updated.sid()));
        updated.fields().forEach((field, value) -> {
            if (!field.equals("created_at") && !field.equals("access_iat")) {
                args.add(field);
                args.add(value);
            }
        });
        return redis.execute(args.get(0), args.subList(1, args.size()).toArray(String[]::new))
                .map(reply -> Rotation.valueOf(reply.toString().toUpperCase()));
    }

    public Uni<Void> revoke(String sid, int userId) {
        revocation.forget(sid);
        return redis.key().del(keys.session(sid))
                .chain(() -> sets.srem(keys.userSessions(userId), sid))
                .replaceWithVoid();
    }

    /** Revokes every session of the user but {@code keep} (null: all of them). Returns how many were revoked. */
    public Uni<Integer> revokeAll(int userId, String keep) {
        return sets.smembers(keys.userSessions(userId)).chain(sids -> {
            List<String> doomed = sids.stream().filter(sid -> !sid.equals(keep)).toList();
            if (doomed.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            doomed.forEach(revocation::forget);
            String[] sessionKeys = doomed.stream().map(keys::session).toArray(String[]::new);
            return redis.key().del(sessionKeys)
                    .chain(() -> sets.srem(keys.userSessions(userId), doomed.toArray(String[]::new)))
                    .replaceWith(doomed.size());
        });
    }

    /** The user's live sessions; ids whose session expired are dropped from the index on the way. */
    public Uni<List<Session>> list(int userId) {
        String index = keys.userSessions(userId);
        return sets.smembers(index).chain(sids -> Multi.createFrom().iterable(sids)
                .onItem().transformToUniAndConcatenate(sid -> find(sid).chain(session -> session != null
                        ? Uni.createFrom().item(session)
                        : sets.srem(index, sid).replaceWith((Session) null)))
                .filter(s -> s != null)
                .collect().asList());
    }

}
