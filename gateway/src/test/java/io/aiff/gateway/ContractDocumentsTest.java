package io.aiff.gateway;

import io.aiff.common.web.PublicPaths;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every document the build writes — each service's and the published one — passes the swagger-parser validator the
 * generators use, without a single message, and keeps the contract's rules (docs/api.md, "OpenAPI"): 3.0.3, an
 * operationId everywhere, names as on the wire, no framework types, a problem body on every error, public exactly
 * where docs/api.md says.
 */
class ContractDocumentsTest {

    static final Pattern WIRE_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    static final List<String> FRAMEWORK_TYPES = List.of("JsonNode", "ObjectNode", "HttpServerRequest", "Response", "Uni",
            "Multi", "JsonObject", "JsonArray", "Buffer");

    static Path document(String which) {
        return switch (which) {
            case "published" -> Path.of("target/classes/openapi/aiff-api.json");
            default -> Path.of("../" + which + "/target/openapi/openapi.json");
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth-service", "ticket-service", "team-service", "analytics-service", "published"})
    void theDocumentValidatesAndKeepsTheRules(String which) throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(Files.readString(document(which)), null, options);
        assertEquals(List.of(), result.getMessages(), which + ": validator messages");
        OpenAPI api = result.getOpenAPI();
        assertEquals("3.0.3", api.getOpenapi());
        List<String> broken = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                checkOperation(which, path, method, operation, broken)));
        if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
            api.getComponents().getSchemas().forEach((name, schema) -> {
                if (FRAMEWORK_TYPES.contains(name)) {
                    broken.add("framework type as schema: " + name);
                }
                checkNames(name, schema, broken);
            });
        }
        assertEquals(List.of(), broken, which);
    }

    private static void checkOperation(String which, String path, PathItem.HttpMethod method, Operation operation, List<String> broken) {
        String where = method + " " + path;
        if (operation.getOperationId() == null) {
            broken.add(where + ": no operationId");
        }
        boolean publicOperation = PublicPaths.isPublic(HttpMethod.valueOf(method.name()), path);
        boolean declaredPublic = operation.getSecurity() != null && operation.getSecurity().isEmpty();
        if (publicOperation != declaredPublic) {
            broken.add(where + ": security says " + (declaredPublic ? "public" : "bearer") + ", docs/api.md the other");
        }
        if (operation.getResponses().keySet().stream().noneMatch(status -> status.startsWith("2") || status.startsWith("3"))) {
            broken.add(where + ": no success response (a generated client would return nothing)");
        }
        operation.getResponses().forEach((status, response) -> {
            boolean body = response.getContent() != null && !response.getContent().isEmpty();
            if (status.startsWith("4") || status.startsWith("5")) {
                if (!body || response.getContent().get("application/problem+json") == null) {
                    broken.add(where + " " + status + ": not a problem+json body");
                }
            } else if (status.equals("200") || status.equals("201")) {
                if (!body) {
                    broken.add(where + " " + status + ": no body schema");
                }
            }
        });
        if (which.equals("published") && !path.startsWith("/api/")) {
            broken.add(where + ": published but not under /api/");
        }
    }

    /** Property names are the snake_case of the wire, all the way down. */
    @SuppressWarnings("rawtypes")
    private static void checkNames(String where, Schema schema, List<String> broken) {
        if (schema == null) {
            return;
        }
        if (schema.getProperties() != null) {
            ((Map<String, Schema>) schema.getProperties()).forEach((name, property) -> {
                if (!WIRE_NAME.matcher(name).matches()) {
                    broken.add(where + "." + name + ": not a wire name");
                }
                checkNames(where + "." + name, property, broken);
            });
        }
        checkNames(where + "[]", schema.getItems(), broken);
        if (schema.getAllOf() != null) {
            for (Object part : schema.getAllOf()) {
                checkNames(where, (Schema) part, broken);
            }
        }
        assertTrue(schema.getType() == null || !schema.getType().equals("null"), where + ": type null is 3.1");
    }
}
