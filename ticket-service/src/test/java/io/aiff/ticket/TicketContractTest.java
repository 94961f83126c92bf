package io.aiff.ticket;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.ticket.support.TeamServiceStub;
import io.aiff.common.testing.PagedCollectionContract;
import io.aiff.common.testing.ServiceContractTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class TicketContractTest extends ServiceContractTest implements PagedCollectionContract {

    @Override
    protected String protectedPath() {
        return collectionPath();
    }

    @Override
    public String collectionPath() {
        return "/api/tickets";
    }
}
