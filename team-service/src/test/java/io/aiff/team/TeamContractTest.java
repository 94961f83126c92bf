package io.aiff.team;

import io.aiff.common.testing.JsonBodyContract;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.PagedCollectionContract;
import io.aiff.common.testing.ServiceContractTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "teams"))
class TeamContractTest extends ServiceContractTest implements PagedCollectionContract, JsonBodyContract {

    @Override
    protected String protectedPath() {
        return collectionPath();
    }

    @Override
    public String collectionPath() {
        return "/api/teams";
    }

    @Override
    public String bodyMethod() {
        return "POST";
    }

    @Override
    public String bodyPath() {
        return "/api/teams";
    }

    @Override
    public String bindableBody() {
        return "{\"name\": \"Crew\", \"zone\": \"Nowhere at all\", \"status\": \"available\"}";
    }

    @Override
    public String textField() {
        return "name";
    }
}
