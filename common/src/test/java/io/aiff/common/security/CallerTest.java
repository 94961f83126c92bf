package io.aiff.common.security;

import io.aiff.common.testing.TestKeys;
import io.aiff.common.testing.TestTokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.util.KeyUtils;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static io.aiff.common.security.Caller.Reach.ALL;
import static io.aiff.common.security.Caller.Reach.NONE;
import static io.aiff.common.security.Caller.Reach.TEAMS;
import static io.aiff.common.security.Caller.Reach.ZONES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every cell of the visibility rule (docs/api.md, "Who sees what") as the Java side decides it. */
class CallerTest {

    private static Caller caller(String token) throws Exception {
        JsonWebToken jwt = new DefaultJWTParser().verify(token, KeyUtils.decodePublicKey(Files.readString(TestKeys.publicKeyFile())));
        return Caller.of(jwt);
    }

    @Test
    void scopeAllReadsAndChangesEverythingAndSeesContactsWithItsPermission() throws Exception {
        Caller viewer = caller(TestTokens.user(30, "viewer", "viewer"));
        assertEquals(ALL, viewer.reads("tickets:read"));
        assertEquals(ALL, viewer.changes());
        assertEquals(NONE, viewer.contacts(), "a viewer holds no tickets:read_contact");
        Caller manager = caller(TestTokens.user(31, "mgr", "manager"));
        assertEquals(ALL, manager.contacts());
        assertTrue(manager.mayRead("tickets:read", 99, "Anywhere"));
        assertEquals("user:31", manager.actor());
        assertEquals(31, manager.userId());
    }

    @Test
    void scopeAllComesFromThePermissionNotTheRoleName() throws Exception {
        Caller admin = caller(TestTokens.withPermissions(1, "admin", "admin", List.of("tickets:read")));
        assertEquals(NONE, admin.reads("tickets:read"), "an admin whose role lost scope:all sees nothing");
        Caller promoted = caller(TestTokens.scopedWith(5, "sup", "supervisor", List.of(7), List.of(1),
                List.of("tickets:read", "scope:all")));
        assertEquals(ALL, promoted.reads("tickets:read"));
    }

    @Test
    void supervisorsReadAndChangeTheirZones() throws Exception {
        Caller supervisor = caller(TestTokens.scoped(22, "sup", "supervisor", List.of(7), List.of(1, 2), List.of("Penang", "Ipoh")));
        assertEquals(ZONES, supervisor.reads("tickets:read"));
        assertEquals(ZONES, supervisor.changes());
        assertEquals(ZONES, supervisor.contacts());
        assertTrue(supervisor.mayRead("tickets:read", 2, "Ipoh"));
        assertFalse(supervisor.mayRead("tickets:read", 3, "Kuching"));
        assertFalse(supervisor.mayRead("tickets:read", null, "Ipoh"), "by id, not by name");
    }

    @Test
    void techniciansReadTheirZonesAndChangeTheirTeams() throws Exception {
        Caller technician = caller(TestTokens.scoped(21, "tech", "technician", List.of(7), List.of(1), List.of("Penang")));
        assertEquals(ZONES, technician.reads("tickets:read"));
        assertEquals(TEAMS, technician.changes());
        assertEquals(TEAMS, technician.contacts());
        assertEquals(NONE, technician.reads("analytics:read"), "no analytics:read by default");
    }

    @Test
    void serviceTokensReadAllWithTheReadPermissionAndContactsOnlyWithTheirs() throws Exception {
        Caller reader = caller(TestTokens.service("analytics-service", "tickets:read"));
        assertEquals(ALL, reader.reads("tickets:read"));
        assertEquals(NONE, reader.contacts());
        assertEquals("client:analytics-service", reader.actor());
        assertNull(reader.userId());
        assertEquals(NONE, caller(TestTokens.service("team-service", "users:read")).reads("tickets:read"));
        assertEquals(ALL, caller(TestTokens.service("x", "tickets:read", "tickets:read_contact")).contacts());
    }

    @Test
    void anyoneElseSeesNothing() throws Exception {
        Caller stranger = caller(TestTokens.withPermissions(40, "odd", "contractor", List.of("tickets:read", "tickets:read_contact")));
        assertEquals(NONE, stranger.reads("tickets:read"));
        assertEquals(NONE, stranger.changes());
        assertEquals(NONE, stranger.contacts());
        assertFalse(stranger.mayRead("tickets:read", 1, "Penang"));
    }

    @Test
    void legacyTokensWithZoneNamesOnlyAreReadByName() throws Exception {
        Caller legacy = caller(TestTokens.legacyScoped(23, "tech", "technician", List.of(9), List.of("Ipoh")));
        assertTrue(legacy.legacyZones());
        assertTrue(legacy.mayRead("tickets:read", 2, "Ipoh"));
        assertFalse(legacy.mayRead("tickets:read", 2, "Penang"));
    }
}
