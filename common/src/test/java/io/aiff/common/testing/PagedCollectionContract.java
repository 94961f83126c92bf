package io.aiff.common.testing;

import io.restassured.specification.RequestSpecification;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

/**
 * A cursor-paged collection (docs/api.md, "JSON"): answers {@code {"items": [...], "next_cursor": ...}} and refuses
 * a limit above 200 with a validation problem naming {@code limit}.
 */
public interface PagedCollectionContract extends ValidationContract {

    /** The collection's path, e.g. {@code /api/tickets}. */
    String collectionPath();

    @Override
    default RequestSpecification invalidRequest(RequestSpecification request) {
        return request.queryParam("limit", 201);
    }

    @Override
    default String invalidRequestMethod() {
        return "GET";
    }

    @Override
    default String invalidRequestPath() {
        return collectionPath();
    }

    @Override
    default String invalidField() {
        return "limit";
    }

    @Test
    default void nonNumericLimitIsValidationProblem() {
        given().auth().oauth2(TestTokens.admin()).queryParam("limit", "abc")
                .when().get(collectionPath())
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", Matchers.equalTo("limit"));
    }

    @Test
    default void oversizedCursorIsValidationProblem() {
        String cursor = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("id:4294967296".getBytes(StandardCharsets.UTF_8));
        given().auth().oauth2(TestTokens.admin()).queryParam("cursor", cursor)
                .when().get(collectionPath())
                .then().statusCode(400)
                .body("errors[0].field", Matchers.equalTo("cursor"));
    }

    @Test
    default void collectionAnswersItemsAndCursor() {
        given().auth().oauth2(TestTokens.admin()).queryParam("limit", 200)
                .when().get(collectionPath())
                .then().statusCode(200)
                .body("items", notNullValue())
                .body("$", Matchers.hasKey("next_cursor"));
    }
}
