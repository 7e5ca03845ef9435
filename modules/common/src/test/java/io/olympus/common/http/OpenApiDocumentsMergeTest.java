package io.olympus.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.vertx.openapi.impl.Utils;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Merging a contract split into a root file and one part per domain. */
class OpenApiDocumentsMergeTest {

  private static final JsonObject ROOT = new JsonObject()
      .put("openapi", "3.1.0")
      .put("info", new JsonObject().put("title", "Shop").put("version", "1"))
      .put("paths", new JsonObject().put("/health/live", new JsonObject()
          .put("get", operation("getLiveness"))))
      .put("components", new JsonObject().put("schemas", new JsonObject().put("Money", new JsonObject())));

  @Test
  void shouldMergePathsOperationsAndComponentsOfEveryPart() {
    JsonObject catalog = part("/products", "post", "createProduct", "Product");
    JsonObject search = part("/products", "get", "searchProducts", "SearchPage");

    JsonObject merged = OpenApiDocuments.merge("root", ROOT, parts("catalog", catalog, "search", search));

    assertThat(merged.getJsonObject("paths").getJsonObject("/products").fieldNames())
        .containsExactlyInAnyOrder("post", "get");
    assertThat(merged.getJsonObject("components").getJsonObject("schemas").fieldNames())
        .containsExactlyInAnyOrder("Money", "Product", "SearchPage");
    assertThat(merged.getJsonObject("paths").containsKey("/health/live")).isTrue();
    assertThat(ROOT.getJsonObject("paths").containsKey("/products")).as("the root is not changed").isFalse();
  }

  @Test
  void shouldServeTheMergedDocumentAsYamlThatParsesBackToTheSameDocument() {
    JsonObject merged = OpenApiDocuments.merge("root", ROOT,
        parts("catalog", part("/products", "post", "createProduct", "Product")));

    assertThat(Utils.yamlStringToJson(OpenApiDocuments.yaml(merged)).result()).isEqualTo(merged);
  }

  @Test
  void shouldRefuseTheSameMethodOfAPathInTwoParts() {
    assertThatThrownBy(() -> OpenApiDocuments.merge("root", ROOT, parts(
        "catalog", part("/products", "post", "createProduct", "Product"),
        "orders", part("/products", "post", "createOrder", "Order"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path /products post is defined twice, in catalog and in orders");
  }

  @Test
  void shouldRefuseAnOperationIdUsedTwice() {
    assertThatThrownBy(() -> OpenApiDocuments.merge("root", ROOT, parts(
        "catalog", part("/products", "post", "createProduct", "Product"),
        "orders", part("/orders", "post", "createProduct", "Order"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("operationId createProduct is defined twice, in catalog and in orders");
    assertThatThrownBy(() -> OpenApiDocuments.merge("root", ROOT, parts(
        "orders", part("/orders", "get", "getLiveness", "Order"))))
        .hasMessage("operationId getLiveness is defined twice, in root and in orders");
  }

  @Test
  void shouldRefuseAComponentDefinedTwice() {
    assertThatThrownBy(() -> OpenApiDocuments.merge("root", ROOT, parts(
        "catalog", part("/products", "post", "createProduct", "Money"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("components.schemas.Money is defined twice, in root and in catalog");
  }

  @Test
  void shouldRefuseAPartThatIsMoreThanPathsComponentsAndTags() {
    JsonObject withInfo = part("/products", "post", "createProduct", "Product")
        .put("info", new JsonObject().put("title", "Catalog"));

    assertThatThrownBy(() -> OpenApiDocuments.merge("root", ROOT, parts("catalog", withInfo)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("catalog: a contract part holds only paths, components and tags, not info");
  }

  private static JsonObject operation(String id) {
    return new JsonObject().put("operationId", id).put("responses", new JsonObject());
  }

  private static JsonObject part(String path, String method, String operationId, String schema) {
    return new JsonObject()
        .put("paths", new JsonObject().put(path, new JsonObject().put(method, operation(operationId))))
        .put("components", new JsonObject().put("schemas", new JsonObject().put(schema,
            new JsonObject().put("type", "object"))));
  }

  private static Map<String, JsonObject> parts(Object... nameThenDocument) {
    Map<String, JsonObject> parts = new LinkedHashMap<>();
    for (int i = 0; i < nameThenDocument.length; i += 2) {
      parts.put((String) nameThenDocument[i], (JsonObject) nameThenDocument[i + 1]);
    }
    return parts;
  }
}
