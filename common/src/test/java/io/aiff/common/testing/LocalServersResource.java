package io.aiff.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a service under test at the real local servers: a fresh PostgreSQL database of its own (with the owner and
 * app login roles production has), a Redis key prefix of its own, and the test signing keys. Nothing is shared with
 * other runs or modules, and the database and roles are dropped at the end.
 *
 * <p>Init args: {@code service} (auth, tickets, ...), {@code database} ({@code false} for the gateway),
 * {@code redis} ({@code down} points at a port where nothing listens; {@code own} starts a private redis-server
 * that the test may stop and start, see {@link #ownRedis()}).
 */
public class LocalServersResource implements QuarkusTestResourceLifecycleManager {

    private String service = "svc";
    private boolean withDatabase = true;
    private boolean redisDown;
    private boolean redisOwn;
    private static volatile OwnRedis ownRedis;

    /** The private redis-server of a test started with {@code redis=own}. */
    public static OwnRedis ownRedis() {
        return ownRedis;
    }
    private TestDatabases.Database database;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.getOrDefault("service", service);
        withDatabase = Boolean.parseBoolean(initArgs.getOrDefault("database", "true"));
        redisDown = "down".equals(initArgs.get("redis"));
        redisOwn = "own".equals(initArgs.get("redis"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        if (redisOwn) {
            ownRedis = new OwnRedis(service).start();
        }
        config.put("quarkus.redis.hosts", redisDown ? "redis://localhost:" + OwnRedis.freePort()
                : redisOwn ? ownRedis.url() : LocalServers.redisUrl());
        config.put("aiff.common.redis-prefix", "aiff:test:" + service + ":" + TestDatabases.randomHex(4) + ":");
        config.put("mp.jwt.verify.publickey.location", TestKeys.jwksFile().toString());
        config.put("quarkus.smallrye-jwt.blocking-authentication", "false");
        config.put("aiff.auth.signing-key.private-location", TestKeys.privateKeyFile().toString());
        config.put("aiff.auth.signing-key.public-location", TestKeys.publicKeyFile().toString());
        config.put("aiff.auth.signing-key.kid", TestKeys.KID);
        if (withDatabase) {
            database = TestDatabases.create(service);
            config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
            config.put("quarkus.datasource.reactive.url", database.reactiveUrl());
            config.put("quarkus.datasource.username", database.app());
            config.put("quarkus.datasource.password", database.appPassword());
            config.put("quarkus.flyway.username", database.owner());
            config.put("quarkus.flyway.password", database.ownerPassword());
        }
        return config;
    }

    @Override
    public void stop() {
        if (redisOwn && ownRedis != null) {
            ownRedis.stop();
        }
        if (database != null) {
            TestDatabases.drop(database);
        }
    }
}
