package io.olympus.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.commerce.support.CommerceApiSupport;
import io.olympus.commerce.support.Fixtures;
import io.olympus.common.http.OpenApiDocuments;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import io.vertx.openapi.impl.Utils;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What every commerce operation shares, over the real router, PostgreSQL and Redis: one contract merged from the
 * slices' files, authentication, permissions, tenant isolation, validation and auditing.
 */
class CommerceApiTest extends CommerceApiSupport {

  @Test
  void shouldServeOneContractWithEveryOperationOfEverySliceAndDeclareItsSecuritySchemes(Vertx vertx) {
    HttpResponse<Buffer> response = client.get("/openapi.yaml").send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/yaml");
    JsonObject served = yaml(response.bodyAsString());
    Set<String> operations = operationIds(served);
    for (String part : CommerceHttpVerticle.CONTRACT_PARTS) {
      Set<String> own = operationIds(yaml(vertx.fileSystem().readFileBlocking(part).toString()));
      assertThat(own).as(part).isNotEmpty();
      assertThat(operations).as(part).containsAll(own);
    }
    assertThat(operations).contains("getLiveness", "getOpenApiDocument", "searchProducts", "createProduct",
        "createCategory", "createReservation", "getStockAt", "createPriceList", "quotePrice");
    JsonObject schemes = served.getJsonObject("components").getJsonObject("securitySchemes");
    assertThat(schemes.getJsonObject("bearer").getString("scheme")).isEqualTo("bearer");
    assertThat(schemes.getJsonObject("apiKey").getString("name")).isEqualTo("X-Api-Key");
    assertThat(served.getJsonObject("paths").getJsonObject("/api/v1/products").getJsonObject("post")
        .getJsonArray("security")).hasSize(2);
    assertThat(served.getJsonObject("paths").getJsonObject("/health/live").getJsonObject("get")
        .getJsonArray("security")).isEmpty();
    assertThat(served.getJsonObject("info").getString("description")).doesNotContain("payments", "orders");
  }

  @Test
  void shouldRefuseAContractWhoseSlicesDefineAnOperationTwice(Vertx vertx) {
    JsonObject root = yaml(vertx.fileSystem().readFileBlocking("openapi/commerce.yaml").toString());
    JsonObject catalog = yaml(vertx.fileSystem().readFileBlocking("openapi/commerce/catalog.yaml").toString());
    JsonObject copy = new JsonObject().put("paths", new JsonObject().put("/api/v1/products/again",
        catalog.getJsonObject("paths").getJsonObject("/api/v1/products")));

    assertThatThrownBy(() -> OpenApiDocuments.merge("openapi/commerce.yaml", root,
        Map.of("openapi/commerce/catalog.yaml", catalog, "copy.yaml", copy)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operationId createProduct is defined twice");
  }

  @Test
  void shouldAnswer401WithoutAToken() {
    HttpResponse<Buffer> response = client.get("/api/v1/products").send().await();
    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void shouldRefuseAWriteToAUserWithoutProductsWriteNamingThePermission() {
    String reader = identity.token(TENANT_A, List.of("products:read"));

    HttpResponse<Buffer> response = send(HttpMethod.POST, "/api/v1/products", reader,
        Fixtures.product("Mug", "MUG-1", 900));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("products:write");
    assertThat(send(HttpMethod.GET, "/api/v1/products", reader, null).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswer404ToAnotherTenantOnEveryEndpoint() {
    JsonObject product = createProduct(tokenA, "Mug", "MUG-1", 900);
    String id = product.getString("id");
    String variant = product.getJsonArray("variants").getJsonObject(0).getString("id");
    receive(tokenA, variant, WAREHOUSE, 10);
    String reservation = send(HttpMethod.POST, "/api/v1/inventory/reservations", tokenA, reservation(variant, 1))
        .bodyAsJsonObject().getString("id");
    String priceList = send(HttpMethod.POST, "/api/v1/price-lists", tokenA,
        new JsonObject().put("name", "Trade").put("currency", "EUR")).bodyAsJsonObject().getString("id");
    JsonObject category = send(HttpMethod.POST, "/api/v1/categories", tokenA,
        new JsonObject().put("name", "Kitchen").put("slug", "kitchen")).bodyAsJsonObject();

    List<HttpResponse<Buffer>> answers = new ArrayList<>();
    answers.add(send(HttpMethod.GET, "/api/v1/products/" + id, tokenB, null));
    answers.add(request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenB).putHeader("If-Match", "\"1\"")
        .sendJsonObject(new JsonObject().put("title", "Mine now")).await());
    answers.add(request(HttpMethod.POST, "/api/v1/products/" + id + "/archive", tokenB)
        .putHeader("If-Match", "\"1\"").send().await());
    answers.add(send(HttpMethod.GET, "/api/v1/inventory/" + id, tokenB, null));
    answers.add(send(HttpMethod.POST, "/api/v1/inventory/adjustments", tokenB, new JsonObject()
        .put("variant_id", variant).put("location_id", WAREHOUSE.toString()).put("reason", "receive").put("quantity", 5)));
    answers.add(send(HttpMethod.POST, "/api/v1/inventory/transfers", tokenB, new JsonObject()
        .put("from_location_id", WAREHOUSE.toString()).put("to_location_id", STORE.toString())
        .put("lines", new JsonArray().add(new JsonObject().put("variant_id", variant).put("quantity", 1)))));
    answers.add(send(HttpMethod.POST, "/api/v1/inventory/reservations", tokenB, reservation(variant, 1)));
    answers.add(send(HttpMethod.POST, "/api/v1/inventory/reservations/" + reservation + "/commit", tokenB, null));
    answers.add(send(HttpMethod.POST, "/api/v1/inventory/reservations/" + reservation + "/release", tokenB, null));
    answers.add(request(HttpMethod.GET, "/api/v1/inventory/stock-at", tokenB).addQueryParam("variant_id", variant)
        .addQueryParam("location_id", WAREHOUSE.toString()).send().await());
    answers.add(send(HttpMethod.POST, "/api/v1/price-lists/" + priceList + "/entries", tokenB,
        new JsonObject().put("variant_id", variant).put("amount", 100)));
    answers.add(send(HttpMethod.POST, "/api/v1/prices/quote", tokenB,
        new JsonObject().put("variant_id", variant).put("quantity", 1)));
    answers.add(send(HttpMethod.GET, "/api/v1/categories/" + category.getString("id"), tokenB, null));
    answers.add(request(HttpMethod.POST, "/api/v1/categories/" + category.getString("id") + "/move", tokenB)
        .putHeader("If-Match", "\"1\"").sendJsonObject(new JsonObject().putNull("parent_id")).await());

    assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode())
        .as(answer.bodyAsString()).isEqualTo(404));
    HttpResponse<Buffer> bulk = send(HttpMethod.POST, "/api/v1/products/bulk", tokenB, new JsonObject()
        .put("items", new JsonArray().add(new JsonObject().put("id", id).put("version", 1).put("title", "Mine"))));
    assertThat(bulk.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getInteger("status")).isEqualTo(404);
    assertThat(send(HttpMethod.GET, "/api/v1/products", tokenB, null).bodyAsJsonObject().getJsonArray("items"))
        .isEmpty();
    assertThat(send(HttpMethod.GET, "/api/v1/categories", tokenB, null).bodyAsJsonObject().getJsonArray("items"))
        .isEmpty();
    // and tenant A's data is untouched
    assertThat(send(HttpMethod.GET, "/api/v1/products/" + id, tokenA, null).bodyAsJsonObject().getString("title"))
        .isEqualTo("Mug");
  }

  @Test
  void shouldAnswer400NamingTheFieldForEveryKindOfBadInput() {
    JsonObject product = createProduct(tokenA, "Mug", "MUG-1", 900);
    String variant = product.getJsonArray("variants").getJsonObject(0).getString("id");

    assertThat(fields(client.post("/api/v1/products").putHeader("Authorization", tokenA)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"title\": ")).await()))
        .as("malformed JSON").isNotNull();
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", tokenA, Fixtures.product("Mug", "MUG-2", 900)
        .put("title", 42)))).contains("title");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", tokenA, Fixtures.product("x".repeat(301), "MUG-2", 900))))
        .contains("title");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", tokenA, productWithPrice(19.99, "EUR"))))
        .contains("variants[0].price.amount");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", tokenA, productWithPrice(1999, "XYZ"))))
        .contains("variants[0].price.currency");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", tokenA, productWithPrice(1999, "eur"))))
        .contains("variants[0].price.currency");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", tokenA, Fixtures.product("Mug", "MUG-2", 900)
        .put("variants", "many")))).contains("variants");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/inventory/reservations", tokenA, reservation(variant, -3))))
        .contains("lines[0].quantity");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/inventory/adjustments", tokenA, new JsonObject()
        .put("variant_id", "not-a-uuid").put("location_id", WAREHOUSE.toString()).put("reason", "receive")
        .put("quantity", 5)))).contains("variant_id");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/inventory/adjustments", tokenA, new JsonObject()
        .put("variant_id", variant).put("location_id", WAREHOUSE.toString()).put("reason", "damage")
        .put("quantity", -5)))).contains("quantity");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/price-lists", tokenA,
        new JsonObject().put("name", "Trade").put("currency", "ABC")))).contains("currency");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/price-lists", tokenA,
        new JsonObject().put("name", "Trade").put("currency", "EUR").put("location_id", 7)))).contains("location_id");
    assertThat(fields(request(HttpMethod.GET, "/api/v1/products", tokenA).addQueryParam("limit", "500").send().await()))
        .contains("limit");
    assertThat(fields(request(HttpMethod.GET, "/api/v1/products", tokenA).addQueryParam("q", "x".repeat(201))
        .send().await())).contains("q");
    assertThat(fields(send(HttpMethod.GET, "/api/v1/products/not-a-uuid", tokenA, null))).contains("id");
    assertThat(fields(request(HttpMethod.GET, "/api/v1/inventory/stock-at", tokenA).addQueryParam("variant_id", variant)
        .addQueryParam("location_id", WAREHOUSE.toString()).addQueryParam("at", "yesterday").send().await()))
        .contains("at");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/categories", tokenA,
        new JsonObject().put("name", "Kitchen").put("slug", "Not A Slug")))).contains("slug");
  }

  @Test
  void shouldAuditChangesThatEmitNoEventAndNotAuditRefusedOnes() {
    String variant = createProduct(tokenA, "Mug", "MUG-1", 900).getJsonArray("variants").getJsonObject(0)
        .getString("id");
    String category = send(HttpMethod.POST, "/api/v1/categories", tokenA,
        new JsonObject().put("name", "Kitchen").put("slug", "kitchen")).bodyAsJsonObject().getString("id");
    String list = send(HttpMethod.POST, "/api/v1/price-lists", tokenA,
        new JsonObject().put("name", "Trade").put("currency", "EUR")).bodyAsJsonObject().getString("id");
    receive(tokenA, variant, WAREHOUSE, 3);
    assertThat(send(HttpMethod.POST, "/api/v1/inventory/reservations", tokenA, reservation(variant, 4)).statusCode())
        .isEqualTo(409);

    assertThat(count("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'category.created' "
        + "AND resource_id = $2", TENANT_A, category)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'price_list.created' "
        + "AND resource_id = $2", TENANT_A, list)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'inventory.updated' "
        + "AND resource_id LIKE $2", TENANT_A, variant + "%")).isEqualTo(1);
  }

  private static JsonObject yaml(String text) {
    return Utils.yamlStringToJson(text).result();
  }

  private static Set<String> operationIds(JsonObject document) {
    Set<String> ids = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      paths.getJsonObject(path).forEach(entry -> {
        if (entry.getValue() instanceof JsonObject operation && operation.containsKey("operationId")) {
          ids.add(operation.getString("operationId"));
        }
      });
    }
    return ids;
  }
}
