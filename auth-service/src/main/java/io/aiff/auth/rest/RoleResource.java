package io.aiff.auth.rest;

import io.aiff.auth.service.RoleService;
import io.aiff.common.openapi.Docs;
import io.aiff.common.paging.Items;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "roles", description = "Roles and their permissions")
public class RoleResource {

    public record RoleView(String role, List<String> permissions) {
    }

    public record PermissionView(String name, String resource, String action, String description) {
    }

    @Schema(name = "RolePermissions", description = "Every permission the role is to hold")
    public record PermissionsRequest(@NotNull @Size(max = 100) List<@NotNull String> permissions) {
    }

    private final RoleService roles;
    private final Requests requests;
    private final JsonWebToken jwt;

    public RoleResource(RoleService roles, Requests requests, JsonWebToken jwt) {
        this.roles = roles;
        this.requests = requests;
        this.jwt = jwt;
    }

    @GET
    @Path("/roles")
    @Authenticated
    @Operation(summary = "The five roles and the permissions each has")
    public Uni<Items<RoleView>> listRoles() {
        return roles.all().map(byRole -> Items.of(List.copyOf(byRole.entrySet()), e -> new RoleView(e.getKey(), e.getValue())));
    }

    @GET
    @Path("/permissions")
    @Authenticated
    @Operation(summary = "Every permission (resource:action)")
    public Uni<Items<PermissionView>> listPermissions() {
        return roles.permissions().map(rows -> Items.of(rows,
                p -> new PermissionView(p.name(), p.resource(), p.action(), p.description())));
    }

    @PUT
    @Path("/roles/{role}/permissions")
    @PermissionsAllowed("roles:manage")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a role's permissions; tokens issued afterwards carry the new set")
    @APIResponse(responseCode = "200", description = "The role with its permissions now",
            content = @Content(schema = @Schema(implementation = RoleView.class)))
    @APIResponse(responseCode = "409", description = "The administrator role always keeps roles:manage and users:manage",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = Docs.PROBLEM_SCHEMA)))
    public Uni<RoleView> replaceRolePermissions(@PathParam("role") String role, @Valid @NotNull PermissionsRequest body,
                                 @Context HttpServerRequest request) {
        return roles.replace(role, body.permissions(), requests.actor(jwt, request))
                .map(permissions -> new RoleView(role, permissions));
    }
}
