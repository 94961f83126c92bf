package io.aiff.auth.service;

import io.aiff.auth.config.AuthConfig;
import io.aiff.common.db.retention.RetentionPlan;
import io.aiff.common.db.retention.RetentionStep;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * auth-service's retention run (docs/api.md "Data lifecycle"): audit entries older than {@code aiff.auth.audit-retention}
 * (a year) are purged. Sessions, refresh tokens, lockouts and rate-limit counts are Redis keys that expire by their own
 * TTL. auth-service has no outbox: the run is recorded as an audit entry ({@code retention_completed}).
 */
@ApplicationScoped
public class AuditRetention implements RetentionPlan {

    private final Duration keep;

    public AuditRetention(AuthConfig config) {
        this.keep = config.auditRetention();
    }

    @Override
    public List<RetentionStep> steps() {
        double age = keep.toSeconds();
        return List.of(new RetentionStep("auth_audit", RetentionStep.PURGE, "audit entries for " + keep.toDays() + " days", null,
                tx -> RetentionStep.months(tx, "SELECT to_char(occurred_at, 'YYYY-MM'), count(*) FROM auth_audit "
                        + "WHERE occurred_at < now() - make_interval(secs => $1) GROUP BY 1 ORDER BY 1", Tuple.of(age)),
                (tx, size) -> RetentionStep.count(tx, "DELETE FROM auth_audit WHERE id IN (SELECT id FROM auth_audit "
                        + "WHERE occurred_at < now() - make_interval(secs => $1) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)",
                        Tuple.of(age, size))));
    }

    @Override
    public Uni<Void> announce(SqlConnection tx, LocalDate day, Map<String, Integer> counts) {
        return tx.preparedQuery("INSERT INTO auth_audit (actor, action, target, outcome, details) VALUES ('system', $1, $2, 'success', $3)")
                .execute(Tuple.of(Audit.RETENTION_COMPLETED, "retention:" + day, new JsonObject().put("counts", new JsonObject(Map.copyOf(counts)))))
                .replaceWithVoid();
    }
}
