package io.aiff.auth.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiff.auth.User;
import io.aiff.auth.repository.RoleRepository;
import io.aiff.auth.repository.UserRepository;
import io.aiff.auth.service.LoginGuard;
import io.aiff.auth.service.UserService;
import io.aiff.common.openapi.Docs;
import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Page;
import io.aiff.common.paging.PageParams;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.TokenClaims;
import io.aiff.common.web.QueryParams;
import io.aiff.common.web.Versions;
import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;

@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users", description = "User accounts")
public class UserResource {

    private static final Set<String> PATCHABLE = Set.of("email", "role", "is_active");

    private final UserService service;
    private final LoginGuard guard;
    private final Requests requests;
    private final JsonWebToken jwt;

    public UserResource(UserService service, LoginGuard guard, Requests requests, JsonWebToken jwt) {
        this.service = service;
        this.guard = guard;
        this.requests = requests;
        this.jwt = jwt;
    }

    @GET
    @PermissionsAllowed("users:read")
    @Operation(summary = "Users in id order, cursor-paged; filters role (comma list), active, q (in username or e-mail)")
    public Uni<Page<UserView>> listUsers(
            @BeanParam PageParams page,
            @Parameter(description = "Roles, comma-separated", schema = @Schema(type = SchemaType.ARRAY,
                    enumeration = {"admin", "manager", "supervisor", "technician", "viewer"})) @QueryParam("role") String roles,
            @Parameter(schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("active") String active,
            @Parameter(description = "Text in the username or e-mail") @QueryParam("q") String text) {
        int limit = page.limit();
        var filter = new UserRepository.Filter(QueryParams.list("role", roles, Set.copyOf(RoleRepository.ROLES)),
                QueryParams.bool("active", active),
                text == null ? null : text.substring(0, Math.min(text.length(), 100)));
        return service.page(filter, page.afterId(), limit + 1)
                .map(rows -> Page.of(rows, limit, UserView::of, u -> Cursors.encode(u.id)));
    }

    @POST
    @PermissionsAllowed("users:manage")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a user (201 with Location and ETag)")
    @APIResponse(responseCode = "201", description = "The new user", content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "409", description = "The username or e-mail is taken (field names it)",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = Docs.CONFLICT_PROBLEM)))
    public Uni<Response> createUser(@Valid @NotNull UserRequests.Create body, @Context HttpServerRequest request) {
        return service.create(new UserService.NewUser(body.username(), body.email(), body.password(), body.role()),
                        caller(request))
                .map(user -> Versions.created("/api/users/" + user.id, UserView.of(user), user.version));
    }

    @GET
    @Path("/{id}")
    @PermissionsAllowed("users:read")
    @Operation(summary = "One user, with a strong ETag (If-None-Match gives 304)")
    @APIResponse(responseCode = "200", description = "The user", content = @Content(schema = @Schema(implementation = UserView.class)))
    public Uni<Response> getUser(@PathParam("id") int id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return service.get(id).map(user -> Versions.tagged(UserView.of(user), user.version, ifNoneMatch));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("users:manage")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change email, role or is_active (JSON merge patch; If-Match required). A role change or "
            + "deactivation ends the user's sessions.")
    @RequestBody(required = true, content = {
            @Content(mediaType = Docs.MERGE_PATCH, schema = @Schema(implementation = UserRequests.Patch.class)),
            @Content(mediaType = Docs.JSON, schema = @Schema(implementation = UserRequests.Patch.class))})
    @APIResponse(responseCode = "200", description = "The changed user", content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "409", description = "The e-mail is taken (field names it)",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = Docs.CONFLICT_PROBLEM)))
    public Uni<Response> updateUser(@PathParam("id") int id,
                                    @Parameter(required = true, description = "The ETag the change is based on")
                                    @HeaderParam("If-Match") String ifMatch,
                               @NotNull ObjectNode body, @Context HttpServerRequest request) {
        long version = Versions.required(ifMatch);
        body.fieldNames().forEachRemaining(field -> {
            if (!PATCHABLE.contains(field)) {
                throw ProblemException.badRequest(field, "cannot be changed here");
            }
            if (body.get(field).isNull()) {
                throw ProblemException.badRequest(field, "cannot be cleared");
            }
        });
        var changes = new UserService.Changes(text(body, "email"), text(body, "role"), flag(body, "is_active"));
        return service.update(id, version, changes, caller(request))
                .map(user -> Versions.ok(UserView.of(user), user.version));
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("users:manage")
    @Operation(summary = "Deactivate a user (is_active=false) and end all their sessions")
    @APIResponse(responseCode = "204", description = "Done")
    public Uni<Response> deactivateUser(@PathParam("id") int id, @Context HttpServerRequest request) {
        return service.deactivate(id, caller(request)).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/password")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a password: your own with current_password (other sessions end), or anyone's "
            + "as an administrator (all their sessions end)")
    @APIResponse(responseCode = "204", description = "Done")
    public Uni<Response> changePassword(@PathParam("id") int id, @Valid @NotNull UserRequests.Password body,
                                  @Context HttpServerRequest request) {
        boolean self = !Requests.isService(jwt) && Requests.userId(jwt) == id;
        if (!self && !TokenClaims.permissions(jwt).contains("users:manage")) {
            throw new ForbiddenException();
        }
        if (self && body.currentPassword() == null) {
            throw ProblemException.badRequest("current_password", "is required to change your own password");
        }
        return service.changePassword(id, body.currentPassword(), body.newPassword(), self, Requests.sid(jwt),
                requests.origin(request).ip(), caller(request)).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/{id}/lockout")
    @PermissionsAllowed("users:manage")
    @Operation(summary = "Whether the user is locked out after failed sign-ins, until when, and how often")
    public Uni<LockoutView> getLockout(@PathParam("id") int id) {
        return service.get(id).chain(user -> guard.lockout(user.username)).map(LockoutView::of);
    }

    @DELETE
    @Path("/{id}/lockout")
    @PermissionsAllowed("users:manage")
    @Operation(summary = "Lift a lockout and forget the failed sign-ins")
    @APIResponse(responseCode = "204", description = "Done")
    public Uni<Response> liftLockout(@PathParam("id") int id, @Context HttpServerRequest request) {
        return service.unlock(id, caller(request)).replaceWith(Response.noContent().build());
    }

    private UserService.Requester caller(@Context HttpServerRequest request) {
        return new UserService.Requester(Requests.isService(jwt) ? null : Requests.userId(jwt),
                Set.copyOf(TokenClaims.permissions(jwt)), requests.actor(jwt, request));
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw ProblemException.badRequest(field, "must be a string");
        }
        return node.asText();
    }

    private static Boolean flag(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw ProblemException.badRequest(field, "must be true or false");
        }
        return node.asBoolean();
    }
}
