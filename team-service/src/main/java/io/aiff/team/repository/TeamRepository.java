package io.aiff.team.repository;

import io.aiff.team.Team;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<Team, Integer> {

    /** Keyset page in id order: at most {@code limit} rows after {@code afterId}. */
    public Uni<List<Team>> pageAfter(int afterId, int limit) {
        return find("id > ?1", Sort.by("id"), afterId).range(0, limit - 1).list();
    }
}
