package io.aiff.team;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.ServiceContractTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "teams"))
class TeamContractTest extends ServiceContractTest {

    @Override
    protected String protectedPath() {
        return "/api/teams";
    }

    @Override
    protected RequestSpecification invalidRequest(RequestSpecification request) {
        return request.queryParam("limit", 500);
    }

    @Override
    protected String invalidRequestPath() {
        return "/api/teams";
    }

    @Override
    protected String invalidRequestMethod() {
        return "GET";
    }

    @Override
    protected String invalidField() {
        return "limit";
    }
}
