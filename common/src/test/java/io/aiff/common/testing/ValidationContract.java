package io.aiff.common.testing;

import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** A service refuses bad input with a 400 validation problem that names the field (docs/api.md, "Errors"). */
public interface ValidationContract {

    /** Adds the invalid part (body, query) to an authenticated request. */
    RequestSpecification invalidRequest(RequestSpecification request);

    String invalidRequestMethod();

    String invalidRequestPath();

    String invalidField();

    @Test
    default void validationErrorIsProblemNamingTheField() {
        invalidRequest(given().auth().oauth2(TestTokens.admin()))
                .when().request(invalidRequestMethod(), invalidRequestPath()).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body("instance", equalTo(invalidRequestPath()))
                .body("request_id", notNullValue())
                .body("errors.field", hasItem(invalidField()));
    }
}
