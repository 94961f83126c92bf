package io.aiff.common.security;

import io.aiff.common.testing.TestKeys;
import io.aiff.common.testing.TestTokens;
import io.quarkus.security.StringPermission;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.security.PublicKey;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AIFF's claims as the services read them from a verified token (smallrye-jwt's own principal). */
class TokenClaimsTest {

    private static JsonWebToken parse(String token) throws Exception {
        PublicKey key = KeyUtils.decodePublicKey(Files.readString(TestKeys.publicKeyFile()));
        return new DefaultJWTParser().verify(token, key);
    }

    @Test
    void readsListsAndStringsFromTheParsedClaims() throws Exception {
        JsonWebToken jwt = parse(TestTokens.scoped(7, "sup", "supervisor", List.of(3, 4), List.of(11, 12), List.of("Penang", "Ipoh")));
        assertNotNull(jwt);
        assertTrue(TokenClaims.readsClaimsDirectly());
        assertEquals(List.of(3, 4), TokenClaims.numbers(jwt, Claims.TEAM_IDS));
        assertEquals(List.of("Penang", "Ipoh"), TokenClaims.strings(jwt, Claims.ZONES));
        assertEquals(List.of(11, 12), TokenClaims.numbers(jwt, Claims.ZONE_IDS));
        assertTrue(TokenClaims.permissions(jwt).contains("tickets:read"));
        assertNull(TokenClaims.string(jwt, Claims.SID));
        assertEquals(List.of(), TokenClaims.strings(jwt, "absent"));
        assertEquals("s-1", TokenClaims.string(parse(TestTokens.withSession(7, "sup", "supervisor", "s-1")), Claims.SID));
    }

    @Test
    void tokensWithCriticalHeadersOrIssuedInTheFutureAreRefused() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        assertNull(TokenIdentityAugmentor.refusal(parse(TestTokens.admin()), now, 5));
        assertNotNull(TokenIdentityAugmentor.refusal(parse(TestTokens.withHeader("crit", List.of())), now, 5), "empty crit");
        assertNotNull(TokenIdentityAugmentor.refusal(parse(TestTokens.issuedIn(60)), now, 5), "iat a minute ahead");
        assertNull(TokenIdentityAugmentor.refusal(parse(TestTokens.issuedIn(2)), now, 5), "iat within the leeway");
    }

    @Test
    void permissionsAreGrantedByResourceAndAction() throws Exception {
        JsonWebToken jwt = parse(TestTokens.user(7, "tech", "technician"));
        assertTrue(TokenIdentityAugmentor.grants(jwt, new StringPermission("tickets", "read")));
        assertFalse(TokenIdentityAugmentor.grants(jwt, new StringPermission("tickets", "close")));
        assertFalse(TokenIdentityAugmentor.grants(jwt, new StringPermission("users", "read")));
    }
}
