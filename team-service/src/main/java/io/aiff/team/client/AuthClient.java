package io.aiff.team.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The two auth-service calls team-service makes: its own client-credentials token, and "does this user exist". */
@RegisterRestClient(configKey = "auth-service")
@Path("/api")
interface AuthClient {

    record TokenRequest(String grantType, String clientId, String clientSecret) {
    }

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(String accessToken, long expiresIn) {
    }

    @POST
    @Path("/auth/token")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<TokenResponse> token(TokenRequest request);

    @GET
    @Path("/users/{id}")
    Uni<Response> user(@PathParam("id") int id, @HeaderParam("Authorization") String authorization);
}
