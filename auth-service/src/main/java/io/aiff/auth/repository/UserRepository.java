package io.aiff.auth.repository;

import io.aiff.auth.User;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, Integer> {

    /** Filters of {@code GET /api/users}; each is optional. */
    public record Filter(List<String> roles, Boolean active, String text) {
    }

    public Uni<User> findByUsername(String username) {
        return find("username", username).firstResult();
    }

    public Uni<Boolean> emailTaken(String email, Integer exceptId) {
        return count("lower(email) = ?1 and id <> ?2", email.toLowerCase(Locale.ROOT), exceptId == null ? -1 : exceptId)
                .map(n -> n > 0);
    }

    public Uni<Boolean> usernameTaken(String username) {
        return count("username", username).map(n -> n > 0);
    }

    /** One keyset page in id order. The query text is built from fixed fragments only; values are bound. */
    public Uni<List<User>> page(Filter filter, int afterId, int limit) {
        List<String> where = new ArrayList<>(List.of("id > :after"));
        Parameters params = Parameters.with("after", afterId);
        if (filter.roles() != null && !filter.roles().isEmpty()) {
            where.add("role in :roles");
            params.and("roles", filter.roles());
        }
        if (filter.active() != null) {
            where.add("active = :active");
            params.and("active", filter.active());
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            where.add("(lower(username) like :text escape '!' or lower(email) like :text escape '!')");
            params.and("text", "%" + likeEscaped(filter.text().toLowerCase(Locale.ROOT)) + "%");
        }
        return find(String.join(" and ", where), Sort.by("id"), params).range(0, limit - 1).list();
    }

    private static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
