package io.aiff.auth;

import io.aiff.common.testing.JsonBodyContract;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.ServiceContractTest;
import io.aiff.common.testing.ValidationContract;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "auth"))
class AuthContractTest extends ServiceContractTest implements ValidationContract, JsonBodyContract {

    @Override
    protected String protectedPath() {
        return "/api/auth/me";
    }

    @Override
    public RequestSpecification invalidRequest(RequestSpecification request) {
        return request.contentType(ContentType.JSON).body("{\"username\": \"\", \"password\": \"x\"}");
    }

    @Override
    public String invalidRequestPath() {
        return "/api/auth/login";
    }

    @Override
    public String invalidRequestMethod() {
        return "POST";
    }

    @Override
    public String invalidField() {
        return "username";
    }

    @Override
    public String bodyMethod() {
        return "POST";
    }

    @Override
    public String bodyPath() {
        return "/api/auth/login";
    }

    @Override
    public String bindableBody() {
        return "{\"username\": \"somebody\", \"password\": \"not-the-password\"}";
    }

    @Override
    public String textField() {
        return "username";
    }
}
