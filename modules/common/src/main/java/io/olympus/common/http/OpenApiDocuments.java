package io.olympus.common.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.impl.Utils;
import java.util.Set;

/**
 * Loads a service's OpenAPI document for request validation. vertx-openapi rejects documents whose
 * responses use media types it cannot validate ({@code application/problem+json}, {@code application/yaml});
 * responses are not validated here, so the copy given to it keeps only the supported ones. The document
 * served at {@code /openapi.yaml} is the original.
 */
public final class OpenApiDocuments {

  /** The media types vertx-openapi 5.0 accepts in a contract. */
  static final Set<String> SUPPORTED = Set.of("application/json", "application/json; charset=utf-8",
      "application/hal+json", "multipart/form-data", "application/octet-stream", "text/plain",
      "text/plain; charset=utf-8");

  private OpenApiDocuments() {}

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
   * requirements: the contract documents them, but authentication is enforced by each route's own
   * handlers ({@code Security.authenticate()}), not by the OpenAPI router.
   */
  static JsonObject forValidation(JsonObject document) {
    JsonObject copy = document.copy();
    copy.remove("security");
    JsonObject paths = copy.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation) {
          operation.remove("security");
          if (operation.getValue("responses") instanceof JsonObject responses) {
            stripResponses(responses);
          }
        }
      }
    }
    if (copy.getValue("components") instanceof JsonObject components
        && components.getValue("responses") instanceof JsonObject shared) {
      stripResponses(shared);
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
