package io.aiff.team.service;

import io.aiff.common.security.Claims;
import io.aiff.common.security.TokenClaims;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.Set;

/** Who is calling, as far as team-service cares: the actor for the record, and the teams a scoped role may change. */
public record Caller(String actor, boolean scoped, List<Integer> teamIds) {

    /** Roles that may change any team; every other role only its own teams (the {@code team_ids} of its token). */
    static final Set<String> UNSCOPED_ROLES = Set.of("admin", "manager");

    public static Caller of(JsonWebToken jwt) {
        boolean service = TokenClaims.isService(jwt);
        Set<String> groups = jwt.getGroups() == null ? Set.of() : jwt.getGroups();
        boolean scoped = !service && groups.stream().noneMatch(UNSCOPED_ROLES::contains);
        return new Caller((service ? "client:" : "user:") + jwt.getSubject(), scoped,
                TokenClaims.numbers(jwt, Claims.TEAM_IDS));
    }

    /** Whether this caller may act on the team (scoped roles: only their own teams). */
    public boolean mayChange(int teamId) {
        return !scoped || teamIds.contains(teamId);
    }
}
