package io.aiff.auth.rest;

import io.aiff.auth.service.Audit;
import io.aiff.auth.service.AuthService;
import io.aiff.auth.service.Sessions;
import io.aiff.auth.service.SigningKeys;
import io.aiff.common.openapi.Docs;
import io.aiff.common.paging.Items;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Caller;
import io.aiff.common.security.Claims;
import io.aiff.common.security.TokenClaims;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth", description = "Sign-in, tokens, sessions and the caller's account")
public class AuthResource {

    static final CacheControl NO_STORE = CacheControl.valueOf("no-store");
    public static final String DEVICE_TOKEN = "Device-Token";

    private final AuthService auth;
    private final Sessions sessions;
    private final SigningKeys keys;
    private final Audit audit;
    private final Requests requests;
    private final JsonWebToken jwt;

    public AuthResource(AuthService auth, Sessions sessions, SigningKeys keys, Audit audit, Requests requests,
                        JsonWebToken jwt) {
        this.auth = auth;
        this.sessions = sessions;
        this.keys = keys;
        this.audit = audit;
        this.requests = requests;
        this.jwt = jwt;
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign in with username and password; returns an access token, a refresh token and a device "
            + "token. Send the device token back as Device-Token on later logins: past too many failed sign-ins from "
            + "one address only logins with a device token are checked (others: 429 with Retry-After), and it lets "
            + "its holder in while the account is locked by failures elsewhere")
    @APIResponse(responseCode = "200", description = "Signed in", content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "401", description = "Wrong username or password, locked or deactivated (one answer for all)")
    @APIResponse(responseCode = "429", description = "Too many failed sign-ins from this address: only logins with a device token are checked")
    public Uni<Response> login(@Valid @NotNull LoginRequest body, @HeaderParam(DEVICE_TOKEN) String deviceToken,
                               @Context HttpServerRequest request) {
        return auth.login(body.username(), body.password(), deviceToken, requests.origin(request)).map(AuthResource::tokens);
    }

    @POST
    @Path("/refresh")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exchange a refresh token for a new pair; the old refresh token stops working (a retry "
            + "within the grace window gets the same pair; a later reuse ends the session)")
    @APIResponse(responseCode = "200", description = "A new pair", content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "401", description = "Not a current refresh token (the session may have ended)")
    public Uni<Response> refreshToken(@Valid @NotNull RefreshRequest body, @Context HttpServerRequest request) {
        return auth.refresh(body.refreshToken(), requests.origin(request)).map(AuthResource::tokens);
    }

    @POST
    @Path("/logout")
    @Authenticated
    @Operation(summary = "End the caller's session: its access and refresh tokens stop working everywhere")
    @APIResponse(responseCode = "204", description = "Done")
    public Uni<Response> logout(@Context HttpServerRequest request) {
        String sid = Requests.sid(jwt);
        if (sid == null) {
            return Uni.createFrom().item(Response.noContent().build());
        }
        return auth.logout(Requests.userId(jwt), sid, requests.origin(request))
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/sessions")
    @Authenticated
    @Operation(summary = "The caller's sessions; administrators may pass user_id to see anyone's")
    public Uni<Items<SessionView>> listSessions(@QueryParam("user_id") Integer userId) {
        int self = Requests.userId(jwt);
        int whose = userId == null ? self : userId;
        if (whose != self && !mayManageUsers()) {
            throw new ForbiddenException();
        }
        String current = Requests.sid(jwt);
        return sessions.list(whose).map(list -> Items.of(list, s -> SessionView.of(s, current)));
    }

    @DELETE
    @Path("/sessions/{sid}")
    @Authenticated
    @Operation(summary = "Revoke one session (own, or anyone's for administrators)")
    @APIResponse(responseCode = "204", description = "Done")
    public Uni<Response> revokeSession(@PathParam("sid") String sid, @Context HttpServerRequest request) {
        int self = Requests.userId(jwt);
        return sessions.find(sid).chain(session -> {
            if (session == null || session.userId() != self && !mayManageUsers()) {
                return Uni.createFrom().failure(ProblemException.notFound("Session"));
            }
            return sessions.revoke(sid, session.userId())
                    .chain(() -> Panache.withTransaction(() -> audit.record(requests.actor(jwt, request),
                            Audit.SESSION_REVOKED, Caller.user(session.userId()), true, Map.of("sid", sid))))
                    .replaceWith(Response.noContent().build());
        });
    }

    @GET
    @Path("/jwks")
    @PermitAll
    @Operation(summary = "The public keys that verify AIFF access tokens (RFC 7517 JWK Set)")
    @APIResponse(responseCode = "200", description = "The JWK Set",
            content = @Content(schema = @Schema(type = SchemaType.OBJECT,
                    description = "{\"keys\": [RSA public keys]} (RFC 7517)")))
    public Response getJwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(keys.jwks()).cacheControl(cache).build();
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(summary = "The signed-in user, with the permissions and scope of the current token")
    public Uni<MeView> getMe() {
        return auth.me(Requests.userId(jwt)).map(user -> MeView.of(user, TokenClaims.permissions(jwt),
                TokenClaims.numbers(jwt, Claims.TEAM_IDS), TokenClaims.numbers(jwt, Claims.ZONE_IDS),
                TokenClaims.strings(jwt, Claims.ZONES)));
    }

    private boolean mayManageUsers() {
        return TokenClaims.permissions(jwt).contains("users:manage");
    }

    static Response tokens(AuthService.Issued issued) {
        return Response.ok(TokenResponse.of(issued)).cacheControl(NO_STORE).header("Pragma", "no-cache").build();
    }
}
