package io.olympus.common.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.core.json.JsonArray;
import io.vertx.openapi.impl.Utils;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Loads a service's OpenAPI document for request validation. vertx-openapi rejects documents whose
 * responses use media types it cannot validate ({@code application/problem+json}, {@code application/yaml});
 * responses are not validated here, so the copy given to it keeps only the supported ones. The document
 * served at {@code /openapi.yaml} is the original.
 *
 * <p>A service may split its contract into a root file and parts ({@link #read}): each part holds only
 * {@code paths}, {@code components} and {@code tags}, written as if it were in the root ({@code $ref:
 * "#/components/..."} may name a component of the root or of any part). They are merged into one document, which is
 * both validated against and served; a path operation, an {@code operationId} or a component defined twice fails the
 * load naming it and both files.
 */
public final class OpenApiDocuments {

  /** The media types vertx-openapi 5.0 accepts in a contract. */
  static final Set<String> SUPPORTED = Set.of("application/json", "application/json; charset=utf-8",
      "application/hal+json", "multipart/form-data", "application/octet-stream", "text/plain",
      "text/plain; charset=utf-8");

  /** The keys a contract part may hold. */
  static final Set<String> PART_KEYS = Set.of("paths", "components", "tags");

  /** A loaded contract: the bytes served at {@code /openapi.yaml} and the parsed document. */
  public record Document(Buffer served, JsonObject json) {}

  private OpenApiDocuments() {}

  /**
   * Reads the root document and its parts (classpath or file paths; YAML, or JSON for {@code .json}) and merges them
   * with {@link #merge}; without parts the served bytes are the root file as it is, else the merged document as YAML.
   * Parsing runs off the event loop. Fails with IllegalArgumentException naming a duplicate definition.
   */
  public static Future<Document> read(Vertx vertx, String rootPath, List<String> partPaths) {
    List<Future<Buffer>> files = new ArrayList<>();
    files.add(vertx.fileSystem().readFile(rootPath));
    partPaths.forEach(path -> files.add(vertx.fileSystem().readFile(path)));
    return Future.all(files).compose(all -> vertx.executeBlocking(() -> {
      Buffer root = files.get(0).result();
      JsonObject json = parse(rootPath, root);
      if (partPaths.isEmpty()) {
        return new Document(root, json);
      }
      Map<String, JsonObject> parts = new LinkedHashMap<>();
      for (int i = 0; i < partPaths.size(); i++) {
        parts.put(partPaths.get(i), parse(partPaths.get(i), files.get(i + 1).result()));
      }
      JsonObject merged = merge(rootPath, json, parts);
      return new Document(Buffer.buffer(yaml(merged)), merged);
    }, false));
  }

  /**
   * One document from a root and its parts (name → document): paths, operations, components (per kind) and tags are
   * added to the root's. A path may appear in several files as long as each method (and each other field of the path
   * item) is defined once, or identically. Throws IllegalArgumentException naming the duplicate and both files, or
   * a part holding another key than paths, components and tags.
   */
  public static JsonObject merge(String rootName, JsonObject root, Map<String, JsonObject> parts) {
    JsonObject merged = root.copy();
    Map<String, String> origins = new HashMap<>();
    JsonObject paths = merged.getJsonObject("paths", new JsonObject());
    merged.put("paths", paths);
    recordOrigins(rootName, paths, merged.getJsonObject("components"), origins);
    JsonArray tags = merged.getJsonArray("tags", new JsonArray());
    for (Map.Entry<String, JsonObject> part : parts.entrySet()) {
      String name = part.getKey();
      JsonObject doc = part.getValue();
      for (String key : doc.fieldNames()) {
        if (!PART_KEYS.contains(key)) {
          throw new IllegalArgumentException(name + ": a contract part holds only " + PART_KEYS_TEXT + ", not " + key);
        }
      }
      JsonObject partPaths = orEmpty(doc.getJsonObject("paths"));
      for (String path : partPaths.fieldNames()) {
        JsonObject item = partPaths.getJsonObject(path);
        JsonObject into = paths.getJsonObject(path);
        if (into == null) {
          into = new JsonObject();
          paths.put(path, into);
        }
        for (String field : item.fieldNames()) {
          Object value = item.getValue(field);
          String where = "path " + path + " " + field;
          if (into.containsKey(field) && !into.getValue(field).equals(value)) {
            throw duplicate(where, origins.get(where), name);
          }
          if (value instanceof JsonObject operation && operation.getString("operationId") != null) {
            String op = "operationId " + operation.getString("operationId");
            if (origins.containsKey(op) && !into.containsKey(field)) {
              throw duplicate(op, origins.get(op), name);
            }
            origins.putIfAbsent(op, name);
          }
          origins.putIfAbsent(where, name);
          into.put(field, value);
        }
      }
      JsonObject partComponents = orEmpty(doc.getJsonObject("components"));
      JsonObject components = merged.getJsonObject("components", new JsonObject());
      merged.put("components", components);
      for (String kind : partComponents.fieldNames()) {
        JsonObject entries = orEmpty(partComponents.getJsonObject(kind));
        JsonObject into = components.getJsonObject(kind, new JsonObject());
        components.put(kind, into);
        for (String entry : entries.fieldNames()) {
          String where = "components." + kind + "." + entry;
          if (into.containsKey(entry)) {
            throw duplicate(where, origins.get(where), name);
          }
          origins.put(where, name);
          into.put(entry, entries.getValue(entry));
        }
      }
      for (Object tag : doc.getJsonArray("tags", new JsonArray())) {
        if (!tags.contains(tag)) {
          tags.add(tag);
        }
      }
    }
    if (!tags.isEmpty()) {
      merged.put("tags", tags);
    }
    return merged;
  }

  private static final String PART_KEYS_TEXT = "paths, components and tags";

  private static void recordOrigins(String name, JsonObject paths, JsonObject components, Map<String, String> origins) {
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String field : item.fieldNames()) {
        origins.put("path " + path + " " + field, name);
        if (item.getValue(field) instanceof JsonObject operation && operation.getString("operationId") != null) {
          origins.put("operationId " + operation.getString("operationId"), name);
        }
      }
    }
    if (components != null) {
      for (String kind : components.fieldNames()) {
        if (components.getValue(kind) instanceof JsonObject entries) {
          entries.fieldNames().forEach(entry -> origins.put("components." + kind + "." + entry, name));
        }
      }
    }
  }

  private static JsonObject orEmpty(JsonObject json) {
    return json == null ? new JsonObject() : json;
  }

  private static IllegalArgumentException duplicate(String what, String first, String second) {
    return new IllegalArgumentException(what + " is defined twice, in " + first + " and in " + second);
  }

  private static JsonObject parse(String path, Buffer document) {
    return path.endsWith(".json") ? document.toJsonObject() : Utils.yamlStringToJson(document.toString()).result();
  }

  /** The document as block-style YAML (key order kept). */
  static String yaml(JsonObject document) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(120);
    return new Yaml(options).dump(plain(document));
  }

  private static Object plain(Object value) {
    if (value instanceof JsonObject json) {
      Map<String, Object> map = new LinkedHashMap<>();
      json.forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
      return map;
    }
    if (value instanceof JsonArray array) {
      List<Object> list = new ArrayList<>();
      array.forEach(item -> list.add(plain(item)));
      return list;
    }
    if (value instanceof Map<?, ?> map) {
      return plain(new JsonObject(castMap(map)));
    }
    if (value instanceof List<?> list) {
      return plain(new JsonArray(new ArrayList<>(list)));
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  /** Builds the validation contract from a parsed document (see {@link #forValidation}). */
  public static Future<OpenAPIContract> contract(Vertx vertx, JsonObject document) {
    return OpenAPIContract.from(vertx, forValidation(document))
        .map(CachedValidators::wrap);
  }

  /** Parses a YAML or JSON document and builds the validation contract from it. */
  public static Future<OpenAPIContract> contract(Vertx vertx, String path, Buffer document) {
    // parsing is synchronous and takes hundreds of ms for a large contract on a cold JVM: keep it off the event loop
    Future<JsonObject> raw = path.endsWith(".json")
        ? vertx.executeBlocking(document::toJsonObject)
        : vertx.executeBlocking(() -> Utils.yamlStringToJson(document.toString()).result());
    return raw
        .map(OpenApiDocuments::forValidation)
        .compose(json -> OpenAPIContract.from(vertx, json))
        .map(CachedValidators::wrap);
  }

  /**
   * A copy without the response media types vertx-openapi cannot handle, and without {@code security}
   * requirements: the OpenAPI router would mount vertx-auth handlers from them, while {@link ServiceHttpVerticle}
   * mounts Olympus's own authentication from the document's declarations ({@link ContractSecurity}).
   */
  static JsonObject forValidation(JsonObject document) {
    return withoutSecurity(document, OpenApiDocuments::stripResponses);
  }

  /**
   * A copy of {@code document} without its {@code security} requirements (document-wide and per operation), whose
   * every responses map — each operation's and the shared {@code components.responses} — is handed to
   * {@code responses} to adapt in place.
   */
  public static JsonObject withoutSecurity(JsonObject document, Consumer<JsonObject> responses) {
    JsonObject copy = document.copy();
    copy.remove("security");
    JsonObject paths = copy.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation) {
          operation.remove("security");
          if (operation.getValue("responses") instanceof JsonObject operationResponses) {
            responses.accept(operationResponses);
          }
        }
      }
    }
    if (copy.getValue("components") instanceof JsonObject components
        && components.getValue("responses") instanceof JsonObject shared) {
      responses.accept(shared);
    }
    return copy;
  }

  private static void stripResponses(JsonObject responses) {
    responses.forEach(entry -> {
      if (entry.getValue() instanceof JsonObject response
          && response.getValue("content") instanceof JsonObject content) {
        content.fieldNames().removeIf(type -> !SUPPORTED.contains(type.toLowerCase()));
      }
    });
  }
}
