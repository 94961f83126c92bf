package io.aiff.ticket.service;

import io.aiff.common.problem.ProblemException;
import io.aiff.common.web.Versions;
import io.aiff.ticket.SlaPolicy;
import io.aiff.ticket.repository.SlaPolicyRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** SLA policies: the response and resolution targets of each priority, read by everyone, set with sla:manage. */
@ApplicationScoped
public class SlaPolicyService {

    private final Pool db;
    private final SlaPolicyRepository policies;

    public SlaPolicyService(Pool db, SlaPolicyRepository policies) {
        this.db = db;
        this.policies = policies;
    }

    public Uni<List<SlaPolicy>> all() {
        return policies.all(db);
    }

    public Uni<SlaPolicy> get(String priority) {
        return policies.find(db, priority).onItem().ifNull().failWith(() -> ProblemException.notFound("SLA policy"));
    }

    /**
     * Sets the targets (response no longer than resolution: 400) when {@code version} still matches (any when null;
     * else 412). They apply to tickets created or re-prioritised from now on.
     */
    public Uni<SlaPolicy> set(String priority, Integer version, int responseMinutes, int resolutionMinutes, String by) {
        if (responseMinutes > resolutionMinutes) {
            return Uni.createFrom().failure(ProblemException.badRequest("response_minutes", "must not be longer than resolution_minutes"));
        }
        return get(priority)
                .chain(p -> policies.update(db, p.priority(), version, responseMinutes, resolutionMinutes, by))
                .onItem().ifNull().failWith(Versions::stale);
    }
}
