package io.aiff.auth.rest;

import io.aiff.auth.service.ClientAddress;
import io.aiff.auth.service.ClientService;
import io.aiff.common.openapi.Docs;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;
import java.util.Set;

/** The token endpoint of the client-credentials grant, form-encoded as RFC 6749 §4.4 has it, or JSON. */
@Path("/api/auth/token")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class TokenResource {

    @Schema(name = "TokenRequest", description = "The client-credentials grant (RFC 6749 §4.4)")
    public record TokenRequest(@Schema(enumeration = "client_credentials", required = true) String grantType,
                               @Schema(required = true, maxLength = 100) String clientId,
                               @Schema(required = true, maxLength = 200) String clientSecret) {
    }

    static final Set<String> FORM_FIELDS = Set.of("grant_type", "client_id", "client_secret", "scope");

    private final ClientService clients;
    private final ClientAddress addresses;

    public TokenResource(ClientService clients, ClientAddress addresses) {
        this.clients = clients;
        this.addresses = addresses;
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Client-credentials grant: a short-lived service token with the client's permissions")
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(implementation = TokenRequest.class)),
            @Content(mediaType = Docs.JSON, schema = @Schema(implementation = TokenRequest.class))})
    @APIResponse(responseCode = "200", description = "A service token", content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "401", description = "Unknown client, wrong secret or deactivated client (one answer for all)")
    @APIResponse(responseCode = "413", description = "A form field longer than the grant allows")
    public Uni<Response> issueToken(String body, @Context HttpServerRequest request) {
        Map<String, String> form = FormBody.parse(body, FORM_FIELDS);
        return issue(form.get("grant_type"), form.get("client_id"), form.get("client_secret"), request);
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true) // the same operation as issueToken, which documents both bodies
    public Uni<Response> issueTokenFromJson(@NotNull TokenRequest body, @Context HttpServerRequest request) {
        return issue(body.grantType(), body.clientId(), body.clientSecret(), request);
    }

    private Uni<Response> issue(String grantType, String clientId, String clientSecret, @Context HttpServerRequest request) {
        if (!"client_credentials".equals(grantType)) {
            throw new ProblemException(Problem.badRequest("Only grant_type=client_credentials is supported here.")
                    .with("error", "unsupported_grant_type"));
        }
        if (clientId == null || clientSecret == null || clientId.length() > 100 || clientSecret.length() > 200) {
            throw ClientService.invalidClient();
        }
        return clients.token(clientId, clientSecret, addresses.of(request))
                .map(token -> Response.ok(TokenResponse.serviceToken(token, clients.tokenLifetime()))
                        .cacheControl(AuthResource.NO_STORE).header("Pragma", "no-cache").build());
    }
}
