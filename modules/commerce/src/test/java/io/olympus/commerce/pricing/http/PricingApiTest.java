package io.olympus.commerce.pricing.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.CommerceApiSupport;
import io.olympus.common.event.Uuids;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** The price list and quote operations over the real router, PostgreSQL and Redis. */
class PricingApiTest extends CommerceApiSupport {

  @Test
  void shouldQuoteTheLowestApplicablePrice() {
    String variant = createProduct(tokenA, "Mug", "MUG-1", 900).getJsonArray("variants").getJsonObject(0)
        .getString("id");
    HttpResponse<Buffer> list = send(HttpMethod.POST, "/api/v1/price-lists", tokenA,
        new JsonObject().put("name", "Bulk").put("currency", "EUR"));
    assertThat(list.statusCode()).isEqualTo(201);
    HttpResponse<Buffer> entry = send(HttpMethod.POST, "/api/v1/price-lists/" + list.bodyAsJsonObject().getString("id")
        + "/entries", tokenA, new JsonObject().put("variant_id", variant).put("min_quantity", 10).put("amount", 700));
    assertThat(entry.statusCode()).isEqualTo(201);

    JsonObject single = send(HttpMethod.POST, "/api/v1/prices/quote", tokenA,
        new JsonObject().put("variant_id", variant).put("quantity", 1)).bodyAsJsonObject();
    JsonObject bulk = send(HttpMethod.POST, "/api/v1/prices/quote", tokenA,
        new JsonObject().put("variant_id", variant).put("quantity", 10)).bodyAsJsonObject();
    assertThat(single.encode()).contains("900");
    assertThat(bulk.encode()).contains("7000");

    String listId = list.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> read = send(HttpMethod.GET, "/api/v1/price-lists/" + listId, tokenA, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getString("name")).isEqualTo("Bulk");
    JsonArray entries = read.bodyAsJsonObject().getJsonArray("entries");
    assertThat(entries).hasSize(1);
    assertThat(entries.getJsonObject(0).getString("variant_id")).isEqualTo(variant);
    assertThat(entries.getJsonObject(0).getInteger("min_quantity")).isEqualTo(10);
    assertThat(entries.getJsonObject(0).getLong("amount")).isEqualTo(700L);
    // another tenant's list does not exist for this tenant; an unknown id neither
    assertThat(send(HttpMethod.GET, "/api/v1/price-lists/" + listId, tokenB, null).statusCode()).isEqualTo(404);
    assertThat(send(HttpMethod.GET, "/api/v1/price-lists/" + Uuids.v7(), tokenA, null).statusCode()).isEqualTo(404);
    assertThat(send(HttpMethod.GET, "/api/v1/price-lists/not-a-uuid", tokenA, null).statusCode()).isEqualTo(400);
  }
}
