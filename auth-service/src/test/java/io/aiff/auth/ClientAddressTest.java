package io.aiff.auth;

import io.aiff.auth.config.AuthConfig;
import io.aiff.auth.service.ClientAddress;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** X-Forwarded-For is believed only from the configured proxies. Plain Java, no Quarkus. */
class ClientAddressTest {

    private static ClientAddress trusting(String... ranges) {
        AuthConfig config = (AuthConfig) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(),
                new Class<?>[] {AuthConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("trustedProxies")) {
                        return List.of(ranges);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new ClientAddress(config);
    }

    @Test
    void exactAddressesAndRangesAreTrusted() {
        ClientAddress addresses = trusting("10.0.0.0/8", "192.168.1.7", "::1/128");
        assertTrue(addresses.isTrusted("10.42.3.4"));
        assertTrue(addresses.isTrusted("192.168.1.7"));
        assertTrue(addresses.isTrusted("::1"));
        assertFalse(addresses.isTrusted("192.168.1.8"));
        assertFalse(addresses.isTrusted("11.0.0.1"));
        assertFalse(addresses.isTrusted("example.com"));
    }
}
