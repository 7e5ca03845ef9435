package io.olympus.commerce.catalog.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.CommerceApiSupport;
import io.olympus.commerce.support.Fixtures;
import io.olympus.commerce.support.Ordering;
import io.olympus.commerce.support.TestIdentity;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The product API carries each variant's tax category, and orders are taxed by it. */
class ProductTaxCategoryApiTest extends CommerceApiSupport {

  private static final List<String> STAFF = Stream.concat(TestIdentity.ALL.stream(),
      Stream.of("orders:read", "orders:write")).toList();

  private String staff;

  @BeforeEach
  void germany() {
    staff = identity.token(TENANT_A, STAFF);
    HttpResponse<Buffer> region = send(HttpMethod.POST, "/api/v1/tax/regions", staff, new JsonObject()
        .put("name", "Germany").put("country", "DE").put("rates", new JsonArray()
            .add(new JsonObject().put("tax_category", "standard").put("name", "VAT").put("rate_ppm", 190_000))
            .add(new JsonObject().put("tax_category", "reduced").put("name", "VAT").put("rate_ppm", 70_000))));
    assertThat(region.statusCode()).as(region.bodyAsString()).isEqualTo(201);
  }

  private static JsonObject withCategory(JsonObject product, String category) {
    product.getJsonArray("variants").getJsonObject(0).put("tax_category", category);
    return product;
  }

  private long orderTax(String variant, String key) {
    HttpResponse<Buffer> order = request(HttpMethod.POST, "/api/v1/orders", staff).putHeader("Idempotency-Key", key)
        .sendJsonObject(Ordering.orderBody(variant, 1).put("shipping_address", Ordering.address("DE", null, "10115")))
        .await();
    assertThat(order.statusCode()).as(order.bodyAsString()).isEqualTo(201);
    JsonObject line = order.bodyAsJsonObject().getJsonArray("lines").getJsonObject(0);
    assertThat(line.getLong("tax_amount")).isEqualTo(order.bodyAsJsonObject().getJsonObject("totals").getLong("tax_amount"));
    return line.getLong("tax_amount");
  }

  @Test
  void shouldStoreAndReturnAVariantsTaxCategoryAndTaxOrdersByIt() {
    JsonObject pen = createProduct(staff, "Pen", "PEN-1", 1000);
    HttpResponse<Buffer> created = send(HttpMethod.POST, "/api/v1/products", staff,
        withCategory(Fixtures.product("Book", "BOOK-1", 1000), "reduced"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject variant = created.bodyAsJsonObject().getJsonArray("variants").getJsonObject(0);
    String id = created.bodyAsJsonObject().getString("id");
    receive(staff, variant.getString("id"), WAREHOUSE, 10);
    receive(staff, pen.getJsonArray("variants").getJsonObject(0).getString("id"), WAREHOUSE, 10);

    assertThat(variant.getString("tax_category")).isEqualTo("reduced");
    assertThat(send(HttpMethod.GET, "/api/v1/products/" + id, staff, null).bodyAsJsonObject().getJsonArray("variants")
        .getJsonObject(0).getString("tax_category")).isEqualTo("reduced");
    assertThat(pen.getJsonArray("variants").getJsonObject(0).getString("tax_category")).isEqualTo("standard");
    assertThat(orderTax(variant.getString("id"), "o-1")).isEqualTo(70);
    assertThat(orderTax(pen.getJsonArray("variants").getJsonObject(0).getString("id"), "o-2")).isEqualTo(190);
  }

  @Test
  void shouldChangeTheCategoryOnUpdateKeepItWhenAbsentAndTakeTheProductsDefault() {
    HttpResponse<Buffer> created = send(HttpMethod.POST, "/api/v1/products", staff,
        withCategory(Fixtures.product("Book", "BOOK-1", 1000), "reduced"));
    String id = created.bodyAsJsonObject().getString("id");
    String variant = created.bodyAsJsonObject().getJsonArray("variants").getJsonObject(0).getString("id");
    receive(staff, variant, WAREHOUSE, 10);

    HttpResponse<Buffer> kept = request(HttpMethod.PATCH, "/api/v1/products/" + id, staff).putHeader("If-Match", "*")
        .sendJsonObject(new JsonObject().put("variants", Fixtures.product("Book", "BOOK-1", 2000).getJsonArray("variants")))
        .await();
    assertThat(kept.statusCode()).as(kept.bodyAsString()).isEqualTo(200);
    assertThat(kept.bodyAsJsonObject().getJsonArray("variants").getJsonObject(0).getString("tax_category"))
        .isEqualTo("reduced");

    HttpResponse<Buffer> standard = request(HttpMethod.PATCH, "/api/v1/products/" + id, staff).putHeader("If-Match", "*")
        .sendJsonObject(new JsonObject().put("tax_category", "standard")
            .put("variants", Fixtures.product("Book", "BOOK-1", 1000).getJsonArray("variants")))
        .await();
    assertThat(standard.statusCode()).as(standard.bodyAsString()).isEqualTo(200);
    assertThat(standard.bodyAsJsonObject().getJsonArray("variants").getJsonObject(0).getString("tax_category"))
        .isEqualTo("standard");
    assertThat(orderTax(variant, "o-1")).isEqualTo(190);
  }

  @Test
  void shouldRefuseABadTaxCategoryNamingTheField() {
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", staff,
        withCategory(Fixtures.product("Book", "BOOK-1", 1000), "Reduced Rate"))))
        .contains("variants[0].tax_category");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", staff,
        withCategory(Fixtures.product("Book", "BOOK-2", 1000), "x".repeat(41)))))
        .contains("variants[0].tax_category");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/products", staff,
        Fixtures.product("Book", "BOOK-3", 1000).put("tax_category", "bad\u0000"))))
        .contains("tax_category");
    assertThat(count("SELECT count(*) FROM products WHERE tenant_id = $1 AND $2::text IS NOT NULL", TENANT_A, "x"))
        .isZero();
    String id = send(HttpMethod.POST, "/api/v1/products", staff, Fixtures.product("Book", "BOOK-4", 1000))
        .bodyAsJsonObject().getString("id");
    assertThat(fields(request(HttpMethod.PATCH, "/api/v1/products/" + id, staff).putHeader("If-Match", "*")
        .sendJsonObject(new JsonObject().put("tax_category", "reduced")).await())).containsExactly("tax_category");
  }
}
