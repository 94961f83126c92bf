package io.aiff.gateway.openapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the published API document at build time (the gateway's {@code process-classes} phase): the services'
 * OpenAPI documents, as each wrote it to {@code target/openapi/openapi.json}, merged with the gateway's own
 * operations ({@code src/main/openapi/gateway.json}) into {@code openapi/aiff-api.json} on the gateway's class path,
 * which {@link io.aiff.gateway.routing.MergedOpenApi} serves. The build fails rather than publish a document a client
 * generator would get wrong: a service document that is not OpenAPI 3.0.3, an operation without an operationId or
 * with one another operation has, a schema or header two services define differently.
 *
 * <p>Only {@code /api/} paths are published ({@code /internal/} is service-to-service). What the gateway adds to every
 * operation: the rate limit (429 with Retry-After; {@code RateLimit-*} headers on each answer) and, for bodies, 413.
 */
public final class ContractMerge {

    static final String VERSION = "3.0.3";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private ContractMerge() {
    }

    /** {@code <output> <gateway.json> <service>=<openapi.json>...} */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ContractMerge <output> <gateway.json> <service>=<openapi.json>...");
        }
        Map<String, JsonObject> services = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] nameAndFile = args[i].split("=", 2);
            Path file = Path.of(nameAndFile[1]);
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("No OpenAPI document of " + nameAndFile[0] + " at " + file
                        + ": build that service first (./mvnw package, or -am with -pl gateway)");
            }
            services.put(nameAndFile[0], new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
        }
        JsonObject gateway = new JsonObject(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
        JsonObject merged = merge(gateway, services);
        Path output = Path.of(args[0]);
        Files.createDirectories(output.getParent());
        Files.writeString(output, merged.encodePrettily(), StandardCharsets.UTF_8);
        System.out.printf("[aiff] OpenAPI %s: %d paths, %d schemas from %s -> %s%n", VERSION,
                merged.getJsonObject("paths").size(), merged.getJsonObject("components").getJsonObject("schemas").size(),
                String.join(", ", services.keySet()), output);
    }

    /** The published document: the gateway's own operations and every service's {@code /api/} ones. */
    public static JsonObject merge(JsonObject gateway, Map<String, JsonObject> services) {
        Map<String, JsonObject> documents = new LinkedHashMap<>();
        documents.put("gateway", gateway);
        documents.putAll(services);
        JsonObject paths = new JsonObject();
        Map<String, String> operationIds = new TreeMap<>();
        Map<String, Map<String, Object>> components = new TreeMap<>();
        Map<String, String> definedBy = new TreeMap<>();
        JsonArray tags = new JsonArray();
        List<String> problems = new ArrayList<>();
        documents.forEach((service, document) -> {
            if (!VERSION.equals(document.getString("openapi"))) {
                problems.add(service + " writes OpenAPI " + document.getString("openapi") + ", not " + VERSION);
            }
            document.getJsonObject("paths", new JsonObject()).forEach(path -> {
                if (!path.getKey().startsWith("/api/")) {
                    return;
                }
                if (paths.containsKey(path.getKey())) {
                    problems.add(path.getKey() + " is in " + service + " and elsewhere");
                }
                JsonObject item = (JsonObject) path.getValue();
                for (String method : METHODS) {
                    JsonObject operation = item.getJsonObject(method);
                    if (operation == null) {
                        continue;
                    }
                    String id = operation.getString("operationId");
                    if (id == null) {
                        problems.add(method.toUpperCase() + " " + path.getKey() + " (" + service + ") has no operationId");
                    } else if (operationIds.putIfAbsent(id, service + " " + method.toUpperCase() + " " + path.getKey()) != null) {
                        problems.add("operationId " + id + " is used by " + operationIds.get(id) + " and " + service
                                + " " + method.toUpperCase() + " " + path.getKey());
                    }
                    throughTheGateway(operation);
                }
                paths.put(path.getKey(), item);
            });
            document.getJsonObject("components", new JsonObject()).forEach(kind -> {
                Map<String, Object> merged = components.computeIfAbsent(kind.getKey(), k -> new TreeMap<>());
                ((JsonObject) kind.getValue()).forEach(entry -> {
                    Object before = merged.putIfAbsent(entry.getKey(), entry.getValue());
                    String key = kind.getKey() + "/" + entry.getKey();
                    if (before != null && !before.equals(entry.getValue())) {
                        problems.add("components/" + key + " differs between " + definedBy.get(key) + " and " + service
                                + ": give one of them its own name (@Schema(name = ...))");
                    }
                    definedBy.putIfAbsent(key, service);
                });
            });
            document.getJsonArray("tags", new JsonArray()).forEach(tag -> {
                if (!tags.contains(tag)) {
                    tags.add(tag);
                }
            });
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The published OpenAPI document cannot be built:\n  " + String.join("\n  ", problems));
        }
        prune(components, paths);
        JsonObject componentsJson = new JsonObject();
        components.forEach((kind, entries) -> componentsJson.put(kind, new JsonObject(new LinkedHashMap<>(entries))));
        JsonObject headers = componentsJson.getJsonObject("headers", new JsonObject());
        headers.put("RateLimit-Limit", header("Requests allowed per window for this route class"));
        headers.put("RateLimit-Remaining", header("Requests left in the window"));
        headers.put("RateLimit-Reset", header("Seconds until the window resets"));
        componentsJson.put("headers", headers);
        return new JsonObject()
                .put("openapi", VERSION)
                .put("info", gateway.getJsonObject("info"))
                .put("tags", tags)
                .put("paths", paths)
                .put("components", componentsJson);
    }

    /** Drops the components no published operation reaches (those of {@code /internal/} operations). */
    private static void prune(Map<String, Map<String, Object>> components, JsonObject paths) {
        Set<String> reached = new TreeSet<>();
        Deque<Object> todo = new ArrayDeque<>(List.of(paths));
        while (!todo.isEmpty()) {
            Object node = todo.pop();
            if (node instanceof JsonObject object) {
                String ref = object.getString("$ref");
                if (ref != null && ref.startsWith("#/components/") && reached.add(ref)) {
                    String[] parts = ref.substring("#/components/".length()).split("/", 2);
                    Object target = components.getOrDefault(parts[0], Map.of()).get(parts[1]);
                    if (target != null) {
                        todo.push(target);
                    }
                }
                object.forEach(entry -> todo.push(entry.getValue()));
            } else if (node instanceof JsonArray array) {
                array.forEach(todo::push);
            }
        }
        components.forEach((kind, entries) -> {
            if (!kind.equals("securitySchemes")) {
                entries.keySet().removeIf(name -> !reached.contains("#/components/" + kind + "/" + name));
            }
        });
    }

    /** What answering through the gateway adds: the rate limit on every answer, 429, and 413 for bodies. */
    private static void throughTheGateway(JsonObject operation) {
        JsonObject responses = operation.getJsonObject("responses", new JsonObject());
        responses.forEach(response -> {
            JsonObject headers = ((JsonObject) response.getValue()).getJsonObject("headers", new JsonObject());
            for (String name : List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")) {
                headers.put(name, new JsonObject().put("$ref", "#/components/headers/" + name));
            }
            ((JsonObject) response.getValue()).put("headers", headers);
        });
        if (!responses.containsKey("429")) {
            responses.put("429", problem("Rate limit reached for this route class; retry after Retry-After")
                    .put("headers", new JsonObject().put("Retry-After", new JsonObject().put("$ref", "#/components/headers/Retry-After"))));
        }
        if (operation.containsKey("requestBody") && !responses.containsKey("413")) {
            responses.put("413", problem("The body is larger than the gateway accepts (1 MiB unless configured otherwise)"));
        }
        operation.put("responses", responses);
    }

    private static JsonObject problem(String description) {
        return new JsonObject().put("description", description).put("content", new JsonObject().put("application/problem+json",
                new JsonObject().put("schema", new JsonObject().put("$ref", "#/components/schemas/Problem"))));
    }

    private static JsonObject header(String description) {
        return new JsonObject().put("description", description).put("schema", new JsonObject().put("type", "integer"));
    }
}
