package io.aiff.common.testing;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

/**
 * A JSON body is read strictly (docs/api.md, "JSON"): a key given twice, a number or boolean where text belongs,
 * and text with NUL characters are each a 400 problem naming the field — never coerced, never a 500.
 */
public interface JsonBodyContract {

    /** An endpoint taking a JSON body, e.g. {@code POST /api/teams}. */
    String bodyMethod();

    String bodyPath();

    /** A JSON object the endpoint can bind (its values may still be refused for other reasons). */
    String bindableBody();

    /** A field of {@link #bindableBody()} that holds text. */
    String textField();

    @Test
    default void aKeyGivenTwiceIsA400Problem() {
        String body = "{\"" + textField() + "\": \"first\", " + bindableBody().strip().substring(1);
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(body)
                .when().request(bodyMethod(), bodyPath()).then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(textField()));
    }

    @Test
    default void numbersAreNotTakenForTextAndNulIsRefused() {
        JsonObject json = new JsonObject(bindableBody());
        for (Object wrong : new Object[] {123, 4.5, true, "with\u0000nul"}) {
            given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(json.copy().put(textField(), wrong).encode())
                    .when().request(bodyMethod(), bodyPath()).then()
                    .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(textField()));
        }
    }
}
