package io.aiff.team.events;

import io.aiff.common.db.Outbox;
import io.aiff.common.db.OutboxRelay;
import io.aiff.common.db.retention.RetentionPlan;
import io.aiff.common.db.retention.RetentionStep;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * team-service's retention run (docs/api.md "Data lifecycle"): published outbox rows after their keep time. Teams,
 * zones and memberships are the directory and are kept; a deactivated team stays for the history that names it.
 */
@ApplicationScoped
public class TeamRetention implements RetentionPlan {

    @Override
    public List<RetentionStep> steps() {
        return List.of(RetentionStep.outbox(OutboxRelay.KEEP_SENT));
    }

    @Override
    public Uni<Void> announce(SqlConnection tx, LocalDate day, Map<String, Integer> counts) {
        return Outbox.append(tx, RetentionPlan.completed(TeamEvents.SOURCE, day, counts));
    }
}
