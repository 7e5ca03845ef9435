package io.olympus.app.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.impl.Utils;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads an OpenAPI document and lists its operations with a plausible value for every parameter and a plausible
 * body built from the schemas ({@code $ref}, {@code allOf}/{@code oneOf}/{@code anyOf}, enums, formats, bounds).
 */
final class ContractWalker {

  /** One parameter of an operation: where it goes, its name and a plausible value. */
  record Param(String in, String name, Object plausible) {}

  /** One operation: its method, path template, parameters and a plausible JSON body (null when it takes none). */
  record Op(String service, String method, String path, String operationId, List<Param> params, Object body) {}

  private final JsonObject document;
  private final String service;

  private ContractWalker(String service, JsonObject document) {
    this.service = service;
    this.document = document;
  }

  /**
   * The contract {@code service} serves at {@code /openapi.yaml} ({@code yaml}): for commerce the root document with
   * every slice's file merged in, so the walk reaches every operation the service binds.
   */
  static ContractWalker served(String service, String yaml) {
    return new ContractWalker(service, Utils.yamlStringToJson(yaml).result());
  }

  List<Op> operations() {
    List<Op> ops = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      List<Object> shared = item.getJsonArray("parameters", new JsonArray()).getList();
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject operation) || method.equals("parameters")) {
          continue;
        }
        List<Param> params = new ArrayList<>();
        List<Object> all = new ArrayList<>(shared);
        all.addAll(operation.getJsonArray("parameters", new JsonArray()).getList());
        for (Object raw : all) {
          JsonObject p = resolve(raw instanceof JsonObject j ? j : new JsonObject((java.util.Map<String, Object>) raw));
          if (p.getString("in").equals("header") || p.getString("in").equals("cookie")) {
            continue;
          }
          params.add(new Param(p.getString("in"), p.getString("name"), plausible(p.getJsonObject("schema"), 0)));
        }
        Object body = null;
        JsonObject requestBody = operation.getJsonObject("requestBody") == null ? null
            : resolve(operation.getJsonObject("requestBody"));
        if (requestBody != null && requestBody.getJsonObject("content", new JsonObject())
            .getJsonObject("application/json") != null) {
          body = plausible(requestBody.getJsonObject("content").getJsonObject("application/json")
              .getJsonObject("schema"), 0);
        }
        ops.add(new Op(service, method.toUpperCase(), path, operation.getString("operationId"), params, body));
      }
    }
    return ops;
  }

  private JsonObject resolve(JsonObject node) {
    JsonObject current = node;
    for (int i = 0; i < 10 && current != null && current.containsKey("$ref"); i++) {
      String ref = current.getString("$ref");
      JsonObject target = document;
      for (String token : ref.substring(2).split("/")) {
        target = target.getJsonObject(token.replace("~1", "/").replace("~0", "~"));
      }
      current = target;
    }
    return current;
  }

  /** A value the schema accepts in most cases (patterns aside). */
  Object plausible(JsonObject schema, int depth) {
    if (schema == null || depth > 6) {
      return "x";
    }
    schema = resolve(schema);
    if (schema.containsKey("const")) {
      return schema.getValue("const");
    }
    if (schema.getValue("example") != null) {
      return schema.getValue("example");
    }
    if (schema.getValue("examples") instanceof JsonArray examples && !examples.isEmpty()) {
      return examples.getValue(0);
    }
    if (schema.getValue("enum") instanceof JsonArray values && !values.isEmpty()) {
      return values.getValue(0);
    }
    if (schema.getValue("default") != null) {
      return schema.getValue("default");
    }
    if (schema.getValue("allOf") instanceof JsonArray parts) {
      JsonObject merged = new JsonObject();
      for (Object part : parts) {
        if (plausible((JsonObject) part, depth + 1) instanceof JsonObject obj) {
          merged.mergeIn(obj);
        }
      }
      return merged;
    }
    for (String choice : new String[] {"oneOf", "anyOf"}) {
      if (schema.getValue(choice) instanceof JsonArray options && !options.isEmpty()) {
        return plausible(options.getJsonObject(0), depth + 1);
      }
    }
    String type = type(schema);
    return switch (type) {
      case "object" -> {
        JsonObject obj = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        for (String name : properties.fieldNames()) {
          obj.put(name, plausible(properties.getJsonObject(name), depth + 1));
        }
        yield obj;
      }
      case "array" -> {
        JsonArray array = new JsonArray();
        int min = Math.max(1, schema.getInteger("minItems", 1));
        for (int i = 0; i < Math.min(min, 3); i++) {
          array.add(plausible(schema.getJsonObject("items"), depth + 1));
        }
        yield array;
      }
      case "integer" -> Math.max(1, schema.getNumber("minimum", 1).longValue());
      case "number" -> Math.max(1, schema.getNumber("minimum", 1).doubleValue());
      case "boolean" -> true;
      case "null" -> null;
      default -> string(schema);
    };
  }

  private static String type(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof JsonArray types) {
      return types.stream().map(String::valueOf).filter(t -> !t.equals("null")).findFirst().orElse("string");
    }
    if (type instanceof String t) {
      return t;
    }
    return schema.containsKey("properties") ? "object" : "string";
  }

  private static String string(JsonObject schema) {
    String format = schema.getString("format", "");
    String value = switch (format) {
      case "uuid" -> UUID.randomUUID().toString();
      case "email" -> "fuzz@example.com";
      case "date-time" -> "2026-01-01T00:00:00Z";
      case "date" -> "2026-01-01";
      case "uri" -> "https://example.com/x";
      case "ipv4" -> "10.0.0.1";
      default -> "fuzz";
    };
    int min = schema.getInteger("minLength", 0);
    StringBuilder padded = new StringBuilder(value);
    while (padded.length() < min) {
      padded.append('a');
    }
    int max = schema.getInteger("maxLength", Integer.MAX_VALUE);
    return padded.length() > max ? padded.substring(0, max) : padded.toString();
  }
}
