package io.aiff.ticket.rest;

import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Page;
import io.aiff.common.paging.PageParams;
import io.aiff.common.problem.ProblemException;
import io.aiff.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/tickets")
@PermissionsAllowed("tickets:read")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tickets", description = "Service tickets")
public class TicketResource {

    private final TicketRepository tickets;

    public TicketResource(TicketRepository tickets) {
        this.tickets = tickets;
    }

    @GET
    @WithSession
    @Operation(summary = "Tickets in id order, cursor-paged")
    public Uni<Page<TicketView>> list(@BeanParam PageParams page) {
        int limit = page.limit();
        return tickets.pageAfter(page.afterId(), limit + 1)
                .map(rows -> Page.of(rows, limit, TicketView::of, t -> Cursors.encode(t.id)));
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One ticket")
    public Uni<TicketView> get(@PathParam("id") int id) {
        return tickets.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Ticket"))
                .map(TicketView::of);
    }
}
