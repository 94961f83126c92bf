package io.aiff.ticket;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.ServiceContractTest;
import io.aiff.common.testing.ValidationContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
class TicketContractTest extends ServiceContractTest implements ValidationContract {

    @Override
    protected String protectedPath() {
        return "/api/tickets";
    }

    @Override
    public RequestSpecification invalidRequest(RequestSpecification request) {
        return request.queryParam("limit", 500);
    }

    @Override
    public String invalidRequestPath() {
        return "/api/tickets";
    }

    @Override
    public String invalidRequestMethod() {
        return "GET";
    }

    @Override
    public String invalidField() {
        return "limit";
    }
}
