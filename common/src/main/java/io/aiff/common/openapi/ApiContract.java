package io.aiff.common.openapi;

import io.aiff.common.web.PublicPaths;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.vertx.core.http.HttpMethod;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What every service's OpenAPI document says the same way (docs/api.md, "OpenAPI"), added at build time so that the
 * document written to {@code target/openapi/} is the one served:
 * <ul>
 *   <li>the bearer-JWT scheme; {@code security: []} on the public operations ({@link PublicPaths}), the scheme with
 *       401 and 403 on every other;</li>
 *   <li>the problem schemas ({@link Docs}) and, on every operation, the error statuses it can answer as
 *       {@code application/problem+json}: 400 when it takes parameters or a body, 404 with a path parameter, 412 with
 *       If-Match (428 when it is required), 503 with Retry-After; the resource annotates the rest (409, ...);</li>
 *   <li>response headers by what the operation takes: {@code Location} on 201, {@code ETag} on success when it takes
 *       If-Match or If-None-Match or creates what is read with an ETag, 304 with If-None-Match, {@code Idempotent-Replayed} with
 *       Idempotency-Key;</li>
 *   <li>schemas normalised: a pattern that is a list of words ({@code low|medium|high}) is the enumeration it is;
 *       an array parameter is a comma list ({@code explode: false}) whose items carry its enumeration;
 *       {@code Stale<Schema>} built wherever a 412 names it;</li>
 *   <li>no {@code servers}: the gateway's published document names its public URL.</li>
 * </ul>
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiContract implements OASFilter {

    /** {@code low|medium|high}, optionally anchored or grouped: an enumeration written as a pattern. */
    private static final Pattern WORDS = Pattern.compile("\\^?\\(?([a-z0-9_]+(?:\\|[a-z0-9_]+)+)\\)?\\$?");
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String HEADERS = "#/components/headers/";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.setServers(null);
        if (api.getComponents() == null) {
            api.setComponents(OASFactory.createComponents());
        }
        Components components = api.getComponents();
        components.addSecurityScheme(Docs.BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").bearerFormat("JWT")
                .description("An access token from POST /api/auth/login (users) or POST /api/auth/token (services)"));
        headers(components);
        problems(components);
        Set<String> staleNames = new TreeSet<>();
        if (api.getPaths() != null) {
            Map<String, PathItem> items = api.getPaths().getPathItems();
            items.forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
                operation(path, method, operation, createsTagged(items, path));
                collectStale(operation, staleNames);
            }));
        }
        for (String stale : staleNames) {
            components.addSchema(stale, stale(stale.substring(Docs.STALE_PREFIX.length())));
        }
        if (components.getSchemas() != null) {
            components.getSchemas().values().forEach(ApiContract::normalise);
        }
    }

    private static void headers(Components components) {
        components.addHeader(Docs.ETAG, header("The version of the representation; send it back as If-Match to change it, "
                + "as If-None-Match to read it only when it changed", SchemaType.STRING));
        components.addHeader(Docs.LOCATION, header("Where the created resource is (the gateway's public URL)", SchemaType.STRING));
        components.addHeader(Docs.RETRY_AFTER, header("Seconds to wait before trying again", SchemaType.INTEGER));
        components.addHeader(Docs.IDEMPOTENT_REPLAYED, header("true when this is the stored answer to an earlier request "
                + "with the same Idempotency-Key", SchemaType.BOOLEAN));
    }

    static Header header(String description, SchemaType type) {
        return OASFactory.createHeader().description(description).schema(OASFactory.createSchema().addType(type));
    }

    private static void problems(Components components) {
        components.addSchema("FieldError", object("One invalid field of a request")
                .addProperty("field", text("The field, as named on the wire")).addProperty("message", text("What is wrong with it"))
                .addRequired("field").addRequired("message"));
        components.addSchema(Docs.PROBLEM_SCHEMA, problem("An error (RFC 9457), with the request id to quote when reporting it"));
        components.addSchema(Docs.VALIDATION_PROBLEM, problem("400: the fields that are invalid")
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY).items(ref("FieldError"))));
        components.addSchema(Docs.TRANSITION_PROBLEM, problem("409 of a move: the lifecycle has no such move (current, "
                + "allowed), or a rule of the move refuses it (field names what, with the zone it concerns)")
                .addProperty("current", text("The state it is in"))
                .addProperty("allowed", OASFactory.createSchema().addType(SchemaType.ARRAY).items(text("A state it may move to")))
                .addProperty("field", text("The field whose value the rule refuses"))
                .addProperty("zone_id", OASFactory.createSchema().addType(SchemaType.INTEGER).description("The zone concerned"))
                .addProperty("zone", text("That zone's name")));
        components.addSchema(Docs.CONFLICT_PROBLEM, problem("409: what conflicts").addProperty("field", text("The field that conflicts")));
        components.addSchema(Docs.GONE_PROBLEM, problem("410: start again from the beginning")
                .addProperty("reason", OASFactory.createSchema().addType(SchemaType.STRING)
                        .enumeration(new ArrayList<>(List.of("scope_changed", "expired"))).description("Why")));
    }

    /**
     * The members every problem has; a variant adds its own beside them (flat, not allOf: generators give one class
     * with every member, and documents keep one shape).
     */
    private static Schema problem(String description) {
        return object(description)
                .addProperty("type", text("A URI naming the kind of problem"))
                .addProperty("title", text("A short summary of that kind"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).description("The HTTP status"))
                .addProperty("detail", text("What happened, for this request"))
                .addProperty("instance", text("The request's path"))
                .addProperty("request_id", text("The X-Request-Id of the request"))
                .addRequired("type").addRequired("title").addRequired("status");
    }

    /** {@code Stale<Name>}: the 412 problem with the resource as it now is and its ETag. */
    private static Schema stale(String resource) {
        return problem("412: it changed since the ETag you sent; current is how it is now (merge, then retry with etag)")
                .addProperty("current", ref(resource))
                .addProperty("etag", text("The current ETag, to send as If-Match"));
    }

    /** Whether what a POST to this collection creates is read with an ETag ({@code GET <path>/{id}} takes If-None-Match). */
    private static boolean createsTagged(Map<String, PathItem> items, String path) {
        return items.entrySet().stream().anyMatch(e -> e.getKey().startsWith(path + "/{") && e.getKey().indexOf('/', path.length() + 1) < 0
                && e.getValue().getGET() != null && e.getValue().getGET().getParameters() != null
                && e.getValue().getGET().getParameters().stream().anyMatch(p -> "If-None-Match".equalsIgnoreCase(p.getName())));
    }

    private static void operation(String path, PathItem.HttpMethod method, Operation operation, boolean createsTagged) {
        boolean publicOperation = PublicPaths.isPublic(HttpMethod.valueOf(method.name()), path);
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.setResponses(responses);
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        parameters.forEach(ApiContract::normaliseParameter);
        Parameter ifMatch = header(parameters, "If-Match");
        boolean ifNoneMatch = header(parameters, "If-None-Match") != null;
        boolean idempotent = header(parameters, "Idempotency-Key") != null;
        boolean pathParameter = path.contains("{");

        if (publicOperation) {
            operation.setSecurity(new ArrayList<>());
        } else {
            operation.setSecurity(new ArrayList<>(List.of(OASFactory.createSecurityRequirement().addScheme(Docs.BEARER))));
            problem(responses, "401", "No valid bearer token (missing, expired, revoked or not ours)", Docs.PROBLEM_SCHEMA);
            problem(responses, "403", "The token lacks the permission this needs", Docs.PROBLEM_SCHEMA);
        }
        if (!parameters.isEmpty() || operation.getRequestBody() != null) {
            problem(responses, "400", "Invalid input: errors name each field", Docs.VALIDATION_PROBLEM);
        }
        if (operation.getRequestBody() != null) {
            problem(responses, "415", "The body is not of a media type this takes", Docs.PROBLEM_SCHEMA);
        }
        if (idempotent) {
            problem(responses, "409", "A request with this Idempotency-Key is still being processed; retry later", Docs.PROBLEM_SCHEMA);
            problem(responses, "422", "This Idempotency-Key was used with another request", Docs.PROBLEM_SCHEMA);
        }
        if (pathParameter) {
            problem(responses, "404", "No such resource in the caller's scope", Docs.PROBLEM_SCHEMA);
        }
        if (ifMatch != null) {
            problem(responses, "412", "If-Match names a version that is no longer current", Docs.PROBLEM_SCHEMA);
            if (Boolean.TRUE.equals(ifMatch.getRequired())) {
                problem(responses, "428", "If-Match is required", Docs.PROBLEM_SCHEMA);
            }
        }
        if (ifNoneMatch && !responses.hasAPIResponse("304")) {
            responses.addAPIResponse("304", OASFactory.createAPIResponse()
                    .description("Not modified: the caller's copy (If-None-Match) is current").addHeader(Docs.ETAG, headerRef(Docs.ETAG)));
        }
        problem(responses, "503", "A service this depends on is unavailable; retry after Retry-After", Docs.PROBLEM_SCHEMA);
        responses.getAPIResponses().forEach((status, response) -> {
            boolean success = status.startsWith("2");
            if (status.equals("201")) {
                addHeader(response, Docs.LOCATION);
            }
            if (success && (ifMatch != null || ifNoneMatch || status.equals("201") && createsTagged)) {
                addHeader(response, Docs.ETAG);
            }
            if (success && idempotent) {
                addHeader(response, Docs.IDEMPOTENT_REPLAYED);
            }
            if (status.equals("429") || status.equals("503")) {
                addHeader(response, Docs.RETRY_AFTER);
            }
            if (response.getDescription() == null || response.getDescription().isBlank()) {
                response.setDescription(success ? "OK" : "See the problem's detail");
            }
            // A CSV rendering of a collection is text, whatever the JSON item schema says.
            if (success && response.getContent() != null && response.getContent().hasMediaType(Docs.CSV)) {
                response.getContent().getMediaType(Docs.CSV).setSchema(OASFactory.createSchema()
                        .type(List.of(SchemaType.STRING)).description("RFC 4180 CSV: a header row of the JSON names, one row per item"));
            }
            if (status.startsWith("4") || status.startsWith("5")) {
                problem(responses, status, response.getDescription(), Docs.PROBLEM_SCHEMA);
            }
        });
    }

    /** Adds the error status with a problem body, or gives an existing one a problem body if it has none. */
    static void problem(APIResponses responses, String status, String description, String schema) {
        APIResponse response = responses.getAPIResponse(status);
        if (response == null) {
            response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(status, response);
        }
        if (response.getContent() == null || response.getContent().getMediaTypes() == null
                || response.getContent().getMediaTypes().isEmpty()) {
            response.setContent(problemContent(schema));
        } else if (response.getContent().getMediaType(Docs.JSON) != null && response.getContent().getMediaType(Docs.PROBLEM) == null) {
            // an annotated error body: problems are application/problem+json
            MediaType annotated = response.getContent().getMediaType(Docs.JSON);
            response.getContent().removeMediaType(Docs.JSON);
            response.getContent().addMediaType(Docs.PROBLEM, annotated);
        }
        if (response.getDescription() == null || response.getDescription().isBlank()
                || response.getDescription().equals("Not Authorized") || response.getDescription().equals("Not Allowed")) {
            response.setDescription(description);
        }
    }

    static Content problemContent(String schema) {
        return OASFactory.createContent().addMediaType(Docs.PROBLEM, OASFactory.createMediaType().schema(ref(schema)));
    }

    private static void addHeader(APIResponse response, String name) {
        if (response.getHeaders() == null || !response.getHeaders().containsKey(name)) {
            response.addHeader(name, headerRef(name));
        }
    }

    static Header headerRef(String name) {
        return OASFactory.createHeader().ref(HEADERS + name);
    }

    private static Parameter header(List<Parameter> parameters, String name) {
        return parameters.stream().filter(p -> p.getIn() == Parameter.In.HEADER && name.equalsIgnoreCase(p.getName()))
                .findFirst().orElse(null);
    }

    /** Names of {@code Stale<X>} schemas the operation's 412 refers to. */
    private static void collectStale(Operation operation, Set<String> names) {
        APIResponse response = operation.getResponses().getAPIResponse("412");
        if (response == null || response.getContent() == null || response.getContent().getMediaTypes() == null) {
            return;
        }
        response.getContent().getMediaTypes().values().forEach(media -> {
            Schema schema = media.getSchema();
            if (schema != null && schema.getRef() != null && schema.getRef().startsWith(SCHEMAS + Docs.STALE_PREFIX)) {
                names.add(schema.getRef().substring(SCHEMAS.length()));
            }
        });
    }

    /** Query parameters that are lists are comma lists; their enumeration belongs to their items. */
    private static void normaliseParameter(Parameter parameter) {
        Schema schema = parameter.getSchema();
        if (schema == null) {
            return;
        }
        if (schema.getType() != null && schema.getType().contains(SchemaType.ARRAY)) {
            if (schema.getItems() == null) {
                schema.setItems(OASFactory.createSchema().addType(SchemaType.STRING));
            }
            if (schema.getEnumeration() != null) {
                schema.getItems().setEnumeration(schema.getEnumeration());
                schema.setEnumeration(null);
            }
            if (schema.getPattern() != null) {
                schema.getItems().setPattern(schema.getPattern());
                schema.setPattern(null);
            }
            if (parameter.getIn() == Parameter.In.QUERY && parameter.getExplode() == null) {
                parameter.setStyle(Parameter.Style.FORM);
                parameter.setExplode(false);
            }
        }
        normalise(schema);
    }

    /** Word-list patterns become enumerations, through properties, items and compositions. */
    static void normalise(Schema schema) {
        if (schema == null) {
            return;
        }
        if (schema.getPattern() != null && schema.getEnumeration() == null) {
            var words = WORDS.matcher(schema.getPattern());
            if (words.matches()) {
                schema.setEnumeration(new ArrayList<>(Arrays.asList((Object[]) words.group(1).split("\\|"))));
                schema.setPattern(null);
            }
        }
        if (schema.getEnumeration() != null && schema.getType() == null && schema.getRef() == null) {
            schema.addType(SchemaType.STRING);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(ApiContract::normalise);
        }
        normalise(schema.getItems());
        if (schema.getAllOf() != null) {
            schema.getAllOf().forEach(ApiContract::normalise);
        }
        if (schema.getAdditionalPropertiesSchema() != null) {
            normalise(schema.getAdditionalPropertiesSchema());
        }
    }

    static Schema ref(String name) {
        return OASFactory.createSchema().ref(SCHEMAS + name);
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }

    private static Schema object(String description) {
        return OASFactory.createSchema().addType(SchemaType.OBJECT).description(description);
    }
}
