package io.aiff.ticket.rest;

import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Page;
import io.aiff.common.problem.ProblemException;
import io.aiff.ticket.repository.TicketRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/tickets")
@Authenticated
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
    public Uni<Page<TicketView>> list(
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit,
            @QueryParam("cursor") String cursor) {
        return tickets.pageAfter(Cursors.decode(cursor), limit + 1)
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
