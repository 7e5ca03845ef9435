package io.olympus.commerce.search.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.CommerceApiSupport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** Product search and listing over the real router, PostgreSQL and Redis. */
class SearchApiTest extends CommerceApiSupport {

  @Test
  void shouldFindAProductByAMisspelledWordWithFacetsAndCursor() {
    createProduct(tokenA, "Wireless Headphones", "WH-1", 1999);
    createProduct(tokenA, "Wired Headphones", "WH-2", 999);
    createProduct(tokenA, "Coffee Mug", "MUG-1", 900);

    HttpResponse<Buffer> response = request(HttpMethod.GET, "/api/v1/products", tokenA)
        .addQueryParam("q", "hedphones").addQueryParam("limit", "1").send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject page = response.bodyAsJsonObject();
    assertThat(page.getJsonArray("items")).hasSize(1);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("title")).contains("Headphones");
    assertThat(page.getString("next_cursor")).isNotNull();
    assertThat(page.getJsonObject("facets").getJsonArray("tags").getJsonObject(0).getLong("count")).isEqualTo(2);

    HttpResponse<Buffer> next = request(HttpMethod.GET, "/api/v1/products", tokenA)
        .addQueryParam("q", "hedphones").addQueryParam("limit", "1")
        .addQueryParam("cursor", page.getString("next_cursor")).send().await();
    assertThat(next.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("title"))
        .contains("Headphones")
        .isNotEqualTo(page.getJsonArray("items").getJsonObject(0).getString("title"));
  }

  @Test
  void shouldServeARepeatedSearchFromTheCacheUntilAWriteCommitsAndKeepTenantsApart() {
    String id = createProduct(tokenA, "Oak Desk Lamp", "LAMP-1", 1999).getString("id");
    createProduct(tokenB, "Steel Lamp", "LAMP-1", 999);

    HttpResponse<Buffer> first = search(tokenA, "lamp");
    HttpResponse<Buffer> again = search(tokenA, "Lamp");
    HttpResponse<Buffer> otherTenant = search(tokenB, "lamp");
    request(HttpMethod.PATCH, "/api/v1/products/" + id, tokenA).putHeader("If-Match", "\"1\"")
        .sendJsonObject(new JsonObject().put("title", "Oak Reading Lamp")).await();
    HttpResponse<Buffer> afterUpdate = search(tokenA, "lamp");

    assertThat(first.getHeader("X-Search-Cache")).isEqualTo("miss");
    assertThat(again.getHeader("X-Search-Cache")).isEqualTo("hit");
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(otherTenant.getHeader("X-Search-Cache")).isEqualTo("miss");
    assertThat(otherTenant.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("title"))
        .isEqualTo("Steel Lamp");
    assertThat(afterUpdate.getHeader("X-Search-Cache")).isEqualTo("miss");
    assertThat(afterUpdate.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("title"))
        .isEqualTo("Oak Reading Lamp");
    assertThat(afterUpdate.bodyAsJsonObject().getBoolean("facets_capped")).isFalse();
  }

  private HttpResponse<Buffer> search(String token, String text) {
    HttpResponse<Buffer> response = request(HttpMethod.GET, "/api/v1/products", token).addQueryParam("q", text)
        .send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    return response;
  }
}
