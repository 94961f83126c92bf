package io.aiff.common.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** X-Forwarded-For is believed only from the configured proxies. Plain Java, no Quarkus. */
class TrustedProxiesTest {

    private static TrustedProxies trusting(String... ranges) {
        return new TrustedProxies(List.of(ranges));
    }

    @Test
    void exactAddressesAndRangesAreTrusted() {
        TrustedProxies addresses = trusting("10.0.0.0/8", "192.168.1.7", "::1/128");
        assertTrue(addresses.isTrusted("10.42.3.4"));
        assertTrue(addresses.isTrusted("192.168.1.7"));
        assertTrue(addresses.isTrusted("::1"));
        assertFalse(addresses.isTrusted("192.168.1.8"));
        assertFalse(addresses.isTrusted("11.0.0.1"));
        assertFalse(addresses.isTrusted("example.com"));
    }
}
