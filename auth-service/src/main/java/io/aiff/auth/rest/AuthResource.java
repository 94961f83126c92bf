package io.aiff.auth.rest;

import io.aiff.auth.service.AuthService;
import io.aiff.auth.service.SigningKeys;
import io.aiff.common.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth", description = "Sign-in, tokens and the caller's account")
public class AuthResource {

    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private final AuthService auth;
    private final SigningKeys keys;
    private final JsonWebToken jwt;

    public AuthResource(AuthService auth, SigningKeys keys, JsonWebToken jwt) {
        this.auth = auth;
        this.keys = keys;
        this.jwt = jwt;
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign in with username and password; returns an RS256 bearer token")
    public Uni<Response> login(@Valid @NotNull LoginRequest body) {
        return auth.login(body.username(), body.password())
                .map(token -> Response.ok(TokenResponse.bearer(token.accessToken(), token.expiresIn()))
                        .cacheControl(NO_STORE)
                        .header("Pragma", "no-cache")
                        .build());
    }

    @GET
    @Path("/jwks")
    @PermitAll
    @Operation(summary = "The public keys that verify AIFF access tokens (RFC 7517 JWK Set)")
    public Response jwks() {
        Map<String, Object> body = keys.jwks();
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(body).cacheControl(cache).build();
    }

    /** The caller's user id; tokens of service accounts carry no user, so they have no "me". */
    private static int userId(JsonWebToken jwt) {
        try {
            return Integer.parseInt(jwt.getSubject());
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("User");
        }
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(summary = "The signed-in user")
    public Uni<UserView> me() {
        return auth.me(userId(jwt)).map(UserView::of);
    }
}
