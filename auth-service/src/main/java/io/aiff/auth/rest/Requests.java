package io.aiff.auth.rest;

import io.aiff.auth.service.Audit;
import io.aiff.auth.service.AuthService;
import io.aiff.auth.service.ClientAddress;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Claims;
import io.aiff.common.security.TokenClaims;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is asking and from where, for the resources of this service. */
@ApplicationScoped
public class Requests {

    private final ClientAddress addresses;

    public Requests(ClientAddress addresses) {
        this.addresses = addresses;
    }

    public AuthService.Origin origin(HttpServerRequest request) {
        String agent = request.getHeader("User-Agent");
        return new AuthService.Origin(addresses.of(request), agent == null ? null : agent.substring(0, Math.min(agent.length(), 200)));
    }

    public Audit.Actor actor(JsonWebToken jwt, HttpServerRequest request) {
        String ip = addresses.of(request);
        return isService(jwt) ? Audit.Actor.client(jwt.getSubject(), ip) : Audit.Actor.user(userId(jwt), ip);
    }

    /** The caller's user id; tokens of service accounts carry no user, so they have no "me". */
    public static int userId(JsonWebToken jwt) {
        if (TokenClaims.isService(jwt)) {
            throw ProblemException.notFound("User");
        }
        try {
            return Integer.parseInt(jwt.getSubject());
        } catch (NumberFormatException | NullPointerException e) {
            throw ProblemException.notFound("User");
        }
    }

    public static boolean isService(JsonWebToken jwt) {
        return TokenClaims.isService(jwt);
    }

    public static String sid(JsonWebToken jwt) {
        return TokenClaims.string(jwt, Claims.SID);
    }
}
