package io.aiff.auth.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.aiff.auth.service.AuthService;

/** The answer of login and refresh (and, without refresh token, of the client-credentials grant). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn,
                            Boolean scopeDegraded, String deviceToken) {

    public static TokenResponse of(AuthService.Issued issued) {
        return new TokenResponse(issued.accessToken(), issued.refreshToken(), "Bearer", issued.expiresIn(),
                issued.scopeDegraded(), issued.deviceToken());
    }

    public static TokenResponse serviceToken(String accessToken, long expiresIn) {
        return new TokenResponse(accessToken, null, "Bearer", expiresIn, null, null);
    }
}
