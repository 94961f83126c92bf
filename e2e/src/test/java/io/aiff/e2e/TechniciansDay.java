package io.aiff.e2e;

import io.aiff.e2e.client.ApiClient;
import io.aiff.e2e.client.ApiException;
import io.aiff.e2e.client.ApiResponse;
import io.aiff.e2e.client.api.AuthApi;
import io.aiff.e2e.client.api.PerformanceApi;
import io.aiff.e2e.client.api.SyncApi;
import io.aiff.e2e.client.api.TeamsApi;
import io.aiff.e2e.client.api.TicketsApi;
import io.aiff.e2e.client.api.UsersApi;
import io.aiff.e2e.client.api.ZonesApi;
import io.aiff.e2e.client.model.AnalyticsRebuild;
import io.aiff.e2e.client.model.GeoPoint;
import io.aiff.e2e.client.model.LoginRequest;
import io.aiff.e2e.client.model.PageTicketView;
import io.aiff.e2e.client.model.StaleTicketView;
import io.aiff.e2e.client.model.SyncItem;
import io.aiff.e2e.client.model.SyncPage;
import io.aiff.e2e.client.model.TeamCreate;
import io.aiff.e2e.client.model.TeamMemberRequest;
import io.aiff.e2e.client.model.TeamMembers;
import io.aiff.e2e.client.model.TeamPerformance;
import io.aiff.e2e.client.model.TicketCreate;
import io.aiff.e2e.client.model.TicketHistoryEntry;
import io.aiff.e2e.client.model.TicketPatch;
import io.aiff.e2e.client.model.TicketRating;
import io.aiff.e2e.client.model.TicketSla;
import io.aiff.e2e.client.model.TicketTransition;
import io.aiff.e2e.client.model.TicketView;
import io.aiff.e2e.client.model.TransitionProblem;
import io.aiff.e2e.client.model.UserCreate;
import io.aiff.e2e.client.model.ZoneCreate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A technician's day through the Java client generated from the published OpenAPI document (the e2e module's
 * build), as a mobile team would write it: typed calls and typed answers, problems read as their schemas, no
 * hand-written request.
 */
final class TechniciansDay {

    private final String gateway;

    TechniciansDay(String gateway) {
        this.gateway = gateway;
    }

    /** A client of the gateway for one caller's token (null: none). */
    ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(gateway);
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }

    String login(String username, String password) throws ApiException {
        return new AuthApi(client(null)).login(new LoginRequest().username(username).password(password), null).getAccessToken();
    }

    void run(String adminPassword) throws Exception {
        String admin = login("admin", adminPassword);
        ApiClient asAdmin = client(admin);
        String suffix = UUID.randomUUID().toString().substring(0, 6);

        // Admin: a zone, a team serving it, a technician in the team.
        var zone = new ZonesApi(asAdmin).createZone(new ZoneCreate().name("Day " + suffix).region("Perak")
                .coordinates(new GeoPoint().lat(4.6).lon(101.08))
                .coverageArea(List.of(new GeoPoint().lat(4.5).lon(101.0), new GeoPoint().lat(4.5).lon(101.2),
                        new GeoPoint().lat(4.7).lon(101.2))), null);
        var team = new TeamsApi(asAdmin).createTeam(new TeamCreate().name("Day crew " + suffix).zone(zone.getName()), null);
        var user = new UsersApi(asAdmin).createUser(new UserCreate().username("day-" + suffix).email("day-" + suffix + "@example.com")
                .password("a-long-enough-passphrase").role(UserCreate.RoleEnum.TECHNICIAN));
        new TeamsApi(asAdmin).replaceTeamMembers(team.getId(), new TeamMembers().members(List.of(
                new TeamMemberRequest().userId(user.getId()).roleInTeam(TeamMemberRequest.RoleInTeamEnum.MEMBER))));
        String technician = login("day-" + suffix, "a-long-enough-passphrase");
        TicketsApi tickets = new TicketsApi(client(technician));

        // Admin opens tickets in the zone and assigns the first to the team.
        TicketsApi adminTickets = new TicketsApi(asAdmin);
        List<Integer> opened = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            opened.add(adminTickets.createTicket(new TicketCreate().title("Street light " + i).zoneId(zone.getId())
                    .priority(TicketCreate.PriorityEnum.HIGH).customerContact("+60 5-555 010" + i), null).getId());
        }
        int id = opened.get(0);
        TicketView assigned = adminTickets.transitionTicket(id, new TicketTransition().to(TicketTransition.ToEnum.ASSIGNED)
                .assignedTeam(team.getId()), null);
        assertEquals("assigned", assigned.getStatus());

        // The technician lists its tickets page by page.
        Set<Integer> listed = new HashSet<>();
        String cursor = null;
        do {
            // archived (live tickets only), assigned_team, category, created_after, created_before, cursor, ...
            PageTicketView page = tickets.listTickets(false, null, null, null, null, cursor, null, null, 2, null, null, null, null,
                    null, null, null, List.of(zone.getId()));
            page.getItems().forEach(t -> listed.add(t.getId()));
            cursor = page.getNextCursor();
        } while (cursor != null);
        assertTrue(listed.containsAll(opened), "every ticket of the zone, page by page");

        // Through its lifecycle, each move retried with its Idempotency-Key: the retry is the stored answer.
        for (TicketTransition.ToEnum to : List.of(TicketTransition.ToEnum.IN_PROGRESS, TicketTransition.ToEnum.ON_HOLD,
                TicketTransition.ToEnum.IN_PROGRESS, TicketTransition.ToEnum.RESOLVED)) {
            String key = "move-" + UUID.randomUUID();
            ApiResponse<TicketView> first = tickets.transitionTicketWithHttpInfo(id, new TicketTransition().to(to), key);
            ApiResponse<TicketView> retry = tickets.transitionTicketWithHttpInfo(id, new TicketTransition().to(to), key);
            assertEquals(to.getValue(), first.getData().getStatus());
            assertEquals(first.getData(), retry.getData());
            assertEquals(List.of("true"), retry.getHeaders().get("idempotent-replayed"), "the retry is marked replayed");
        }

        // An illegal move is a typed problem naming the allowed ones.
        ApiException illegal = assertThrows(ApiException.class,
                () -> tickets.transitionTicket(id, new TicketTransition().to(TicketTransition.ToEnum.ON_HOLD), null));
        assertEquals(409, illegal.getCode());
        TransitionProblem problem = asAdmin.getObjectMapper().readValue(illegal.getResponseBody(), TransitionProblem.class);
        assertEquals("resolved", problem.getCurrent());
        assertTrue(problem.getAllowed().contains("closed"));

        // A change against the ETag it read; a stale one is a typed 412 with the ticket as it now is.
        ApiResponse<TicketView> read = tickets.getTicketWithHttpInfo(id, null);
        String etag = read.getHeaders().get("etag").get(0);
        TicketView patched = tickets.updateTicket(id, etag, new TicketPatch().title("Street light 0, lamp replaced"));
        assertEquals("Street light 0, lamp replaced", patched.getTitle());
        ApiException stale = assertThrows(ApiException.class,
                () -> tickets.updateTicket(id, etag, new TicketPatch().title("From a stale copy")));
        assertEquals(412, stale.getCode());
        StaleTicketView current = asAdmin.getObjectMapper().readValue(stale.getResponseBody(), StaleTicketView.class);
        assertEquals("Street light 0, lamp replaced", current.getCurrent().getTitle());
        assertNotEquals(etag, current.getEtag());

        // What the phone holds is current: 304.
        ApiException notModified = assertThrows(ApiException.class, () -> tickets.getTicket(id, current.getEtag()));
        assertEquals(304, notModified.getCode());

        // SLA and history, typed; then the rating.
        TicketSla sla = tickets.getTicketSla(id);
        assertEquals(Boolean.FALSE, sla.getRunning());
        List<TicketHistoryEntry> history = tickets.getTicketHistory(id).getItems();
        assertEquals(List.of("open", "assigned", "in_progress", "on_hold", "in_progress", "resolved"),
                history.stream().map(TicketHistoryEntry::getTo).toList());
        assertEquals(Integer.valueOf(5), tickets.rateTicket(id, new TicketRating().rating(5), null).getCustomerRating());

        // Offline sync: the zone's tickets, contacts masked; then only what changed since.
        SyncApi sync = new SyncApi(client(technician));
        List<SyncItem> items = new ArrayList<>();
        SyncPage page;
        String syncCursor = null;
        do {
            page = sync.syncTickets(syncCursor, 2);
            items.addAll(page.getItems());
            syncCursor = page.getNextCursor();
            assertNotNull(syncCursor, "every page carries next_cursor");
        } while (Boolean.TRUE.equals(page.getHasMore()));
        Set<Integer> synced = new HashSet<>();
        // Tickets, each followed by its assignments (the technician holds assignments:read).
        items.stream().filter(i -> i.getKind() == SyncItem.KindEnum.UPSERT && i.getType() == SyncItem.TypeEnum.TICKET).forEach(i -> {
            synced.add(i.getId());
            assertTrue(i.getData().getCustomerContact().startsWith("•"), "masked");
        });
        assertTrue(items.stream().anyMatch(i -> i.getType() == SyncItem.TypeEnum.ASSIGNMENT && i.getAssignment() != null
                && opened.contains(i.getAssignment().getTicketId())), "the day's assignments come with their tickets");
        assertTrue(synced.containsAll(opened));
        adminTickets.transitionTicket(opened.get(1), new TicketTransition().to(TicketTransition.ToEnum.CANCELLED).reason("duplicate"), null);
        // The delta holds the change (and may repeat tickets changed while the snapshot was taken: a change is sent
        // again rather than ever skipped); the cancelled ticket comes as it now is.
        SyncPage delta = sync.syncTickets(syncCursor, 100);
        List<SyncItem> deltaTickets = delta.getItems().stream().filter(i -> i.getType() == SyncItem.TypeEnum.TICKET).toList();
        SyncItem cancelled = deltaTickets.stream().filter(i -> i.getId().equals(opened.get(1))).findFirst().orElseThrow();
        assertEquals("cancelled", cancelled.getData().getStatus());
        assertTrue(deltaTickets.stream().allMatch(i -> synced.contains(i.getId())), "only tickets this technician reads");

        // The day in the numbers: live from the events within seconds, no difference with ticket-service's own
        // counts, and the same numbers again after a rebuild from ticket-service's export.
        PerformanceApi performance = new PerformanceApi(asAdmin);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        TeamPerformance numbers = await(() -> performance.getTeamAnalytics(team.getId(), today, today).getPerformance(),
                n -> n.getTicketsCompleted() == 1L && n.getCustomerRating() != null);
        assertEquals(0, new BigDecimal("5").compareTo(numbers.getCustomerRating()));
        assertEquals(0, BigDecimal.ONE.compareTo(numbers.getFirstTimeFixRate()), "resolved without reopen or reassignment");
        // team-service's performance columns are analytics' numbers (analytics.team_performance_updated, last 30 days).
        // The resolution and the rating may be published a second apart: wait for the one holding both.
        var columns = await(() -> new TeamsApi(asAdmin).getTeamPerformance(team.getId()),
                p -> p.getTicketsCompleted() == 1 && new BigDecimal("5").compareTo(p.getCustomerRating()) == 0);
        assertEquals(0, new BigDecimal("5").compareTo(columns.getCustomerRating()), "as analytics published it");
        await(() -> performance.reconcileCounts(today, today), r -> r.getDifferences().isEmpty());
        AnalyticsRebuild rebuild = performance.startRebuild();
        AnalyticsRebuild done = await(() -> performance.getRebuild(rebuild.getId()),
                r -> r.getStatus() == AnalyticsRebuild.StatusEnum.COMPLETED || r.getStatus() == AnalyticsRebuild.StatusEnum.FAILED);
        assertEquals(AnalyticsRebuild.StatusEnum.COMPLETED, done.getStatus(), String.valueOf(done.getError()));
        assertEquals(numbers, performance.getTeamAnalytics(team.getId(), today, today).getPerformance(),
                "rebuilt from the source, the numbers are the live ones");
        assertTrue(performance.reconcileCounts(today, today).getDifferences().isEmpty());
    }

    /** Polls (up to 20 s) until the answer satisfies {@code done}, and answers it. */
    static <T> T await(Callable<T> read, Predicate<T> done) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        T value = read.call();
        while (!done.test(value)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("still not there after 20 s: " + value);
            }
            Thread.sleep(200);
            value = read.call();
        }
        return value;
    }
}
