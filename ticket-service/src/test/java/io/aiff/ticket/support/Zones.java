package io.aiff.ticket.support;

import io.agroal.api.AgroalDataSource;
import io.aiff.common.testing.TestTokens;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;

/** The zones and teams team-service has in ticket-service's tests, and tokens of people in them. */
public final class Zones {

    public static final int PENANG = 1;
    public static final int IPOH = 2;
    public static final int KUCHING = 3;
    public static final int KUALA_LUMPUR = 4;
    /** Penang's crew. */
    public static final int PENANG_CREW = 7;
    /** Kuching's crew. */
    public static final int KUCHING_CREW = 8;
    /** Ipoh's crew. */
    public static final int IPOH_CREW = 9;

    public static final String PENANG_TECH = TestTokens.scoped(21, "tech.penang", "technician", List.of(PENANG_CREW),
            List.of(PENANG), List.of("Penang"));
    public static final String PENANG_SUPERVISOR = TestTokens.scoped(22, "sup.penang", "supervisor", List.of(PENANG_CREW),
            List.of(PENANG), List.of("Penang"));
    public static final String IPOH_TECH = TestTokens.scoped(23, "tech.ipoh", "technician", List.of(IPOH_CREW),
            List.of(IPOH), List.of("Ipoh"));

    private Zones() {
    }

    static void defineAll() {
        TeamServiceStub.zone(PENANG, "Penang", 5.41, 100.33, 1);
        TeamServiceStub.zone(IPOH, "Ipoh", 4.6, 101.08, 1);
        TeamServiceStub.zone(KUCHING, "Kuching", 1.55, 110.35, 1);
        TeamServiceStub.zone(KUALA_LUMPUR, "Kuala Lumpur", 3.14, 101.69, 1);
        TeamServiceStub.team(PENANG_CREW, "Penang Crew", 1, List.of(PENANG));
        TeamServiceStub.team(KUCHING_CREW, "Kuching Crew", 1, List.of(KUCHING));
        TeamServiceStub.team(IPOH_CREW, "Ipoh Crew", 1, List.of(IPOH));
        TeamServiceStub.members(PENANG_CREW, List.of(21, 22));
        TeamServiceStub.members(IPOH_CREW, List.of(23));
    }

    /** Waits until the directory holds the stub's zones and members (its fill runs at start, beside the first tests). */
    public static void awaitDirectory(AgroalDataSource db) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try (Connection c = db.getConnection(); ResultSet rows = c.createStatement().executeQuery(
                    "SELECT (SELECT count(*) FROM zones WHERE id IN (1, 2, 3, 4)), "
                            + "(SELECT count(*) FROM team_members WHERE team_id = " + PENANG_CREW + ")")) {
                rows.next();
                if (rows.getInt(1) == 4 && rows.getInt(2) == 2) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the directory was not filled from team-service");
    }
}
