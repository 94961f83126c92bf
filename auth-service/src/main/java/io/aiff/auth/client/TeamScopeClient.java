package io.aiff.auth.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** team-service's scope endpoint: the teams a user belongs to and the zones of those teams. */
@RegisterRestClient(configKey = "team-service")
@Path("/internal/teams/scope")
interface TeamScopeClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Scope(List<Integer> teamIds, List<Integer> zoneIds, List<String> zones) {
    }

    @GET
    @Path("/{userId}")
    Uni<Scope> scope(@PathParam("userId") int userId, @HeaderParam("Authorization") String authorization);
}
