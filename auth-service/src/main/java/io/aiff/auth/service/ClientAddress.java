package io.aiff.auth.service;

import io.aiff.auth.config.AuthConfig;
import io.aiff.common.web.TrustedProxies;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

/** The caller's IP address, with X-Forwarded-For believed only from the gateway ({@code aiff.auth.trusted-proxies}). */
@ApplicationScoped
public class ClientAddress {

    private final TrustedProxies proxies;

    public ClientAddress(AuthConfig config) {
        this.proxies = new TrustedProxies(config.trustedProxies());
    }

    public String of(HttpServerRequest request) {
        return proxies.clientAddress(request);
    }
}
