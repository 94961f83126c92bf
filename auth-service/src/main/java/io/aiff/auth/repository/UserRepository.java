package io.aiff.auth.repository;

import io.aiff.auth.User;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, Integer> {

    public Uni<User> findByUsername(String username) {
        return find("username", username).firstResult();
    }
}
