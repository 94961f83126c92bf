package io.aiff.auth.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aiff.auth.ServiceClient;
import io.aiff.auth.service.ClientService;
import io.aiff.common.openapi.Docs;
import io.aiff.common.paging.Items;
import io.aiff.common.security.TokenClaims;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

@Path("/api/auth/clients")
@Produces(MediaType.APPLICATION_JSON)
@PermissionsAllowed("clients:manage")
@Tag(name = "clients", description = "Service accounts for the client-credentials grant")
public class ClientResource {

    @Schema(name = "ClientCreate")
    public record CreateRequest(@NotNull @Size(max = 100) String clientId, @Size(max = 500) String description,
                                @NotNull @Size(max = 50) List<@NotNull String> permissions) {
    }

    /** A client; the secret appears only in the answer that created it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClientView(String clientId, String description, List<String> permissions,
                             @JsonProperty("is_active") boolean active, String managedBy, Instant createdAt,
                             String clientSecret) {

        static ClientView of(ServiceClient c, String secret) {
            return new ClientView(c.clientId, c.description, List.of(c.permissions), c.active, c.managedBy,
                    c.createdAt == null ? null : c.createdAt.toInstant(), secret);
        }
    }

    private final ClientService clients;
    private final Requests requests;
    private final JsonWebToken jwt;

    public ClientResource(ClientService clients, Requests requests, JsonWebToken jwt) {
        this.clients = clients;
        this.requests = requests;
        this.jwt = jwt;
    }

    @GET
    @Operation(summary = "All service clients (never their secrets)")
    public Uni<Items<ClientView>> listClients() {
        return clients.list().map(all -> Items.of(all, c -> ClientView.of(c, null)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a client; the answer shows its secret once")
    @APIResponse(responseCode = "201", description = "The new client, with its secret (shown this once)",
            content = @Content(schema = @Schema(implementation = ClientView.class)))
    @APIResponse(responseCode = "409", description = "The client id is taken",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = Docs.CONFLICT_PROBLEM)))
    public Uni<Response> createClient(@Valid @NotNull CreateRequest body, @Context HttpServerRequest request) {
        return clients.create(body.clientId(), body.description(), body.permissions(),
                        Set.copyOf(TokenClaims.permissions(jwt)), requests.actor(jwt, request))
                .map(created -> Response.created(URI.create("/api/auth/clients/" + created.client().clientId))
                        .cacheControl(AuthResource.NO_STORE)
                        .entity(ClientView.of(created.client(), created.secret())).build());
    }

    @DELETE
    @Path("/{clientId}")
    @Operation(summary = "Deactivate a client: it gets no more tokens")
    @APIResponse(responseCode = "204", description = "Done")
    public Uni<Response> deactivateClient(@PathParam("clientId") String clientId, @Context HttpServerRequest request) {
        return clients.deactivate(clientId, requests.actor(jwt, request)).replaceWith(Response.noContent().build());
    }
}
