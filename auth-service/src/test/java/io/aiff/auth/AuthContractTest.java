package io.aiff.auth;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.ServiceContractTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "auth"))
class AuthContractTest extends ServiceContractTest {

    @Override
    protected String protectedPath() {
        return "/api/auth/me";
    }

    @Override
    protected RequestSpecification invalidRequest(RequestSpecification request) {
        return json(request, "{\"username\": \"\", \"password\": \"x\"}");
    }

    @Override
    protected String invalidRequestPath() {
        return "/api/auth/login";
    }

    @Override
    protected String invalidRequestMethod() {
        return "POST";
    }

    @Override
    protected String invalidField() {
        return "username";
    }
}
