package io.olympus.commerce.inventory.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.CommerceApiSupport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The inventory operations over the real router, PostgreSQL and Redis. */
class InventoryApiTest extends CommerceApiSupport {

  @Test
  void shouldHoldExactlyTheAvailableStockUnder200ConcurrentReservations() {
    String variant = createProduct(tokenA, "Mug", "MUG-1", 900).getJsonArray("variants").getJsonObject(0)
        .getString("id");
    receive(tokenA, variant, WAREHOUSE, 50);

    List<Future<HttpResponse<Buffer>>> attempts = IntStream.range(0, 200)
        .mapToObj(i -> request(HttpMethod.POST, "/api/v1/inventory/reservations", tokenA)
            .sendJsonObject(reservation(variant, 1)))
        .toList();
    Future.join(attempts).await();

    long held = attempts.stream().filter(f -> f.result().statusCode() == 201).count();
    long refused = attempts.stream().filter(f -> f.result().statusCode() == 409).count();
    assertThat(held).isEqualTo(50);
    assertThat(refused).isEqualTo(150);
    JsonObject levels = send(HttpMethod.GET, "/api/v1/inventory/" + productOf(variant), tokenA, null).bodyAsJsonObject();
    JsonObject level = levels.getJsonArray("variants").getJsonObject(0).getJsonArray("levels").getJsonObject(0);
    assertThat(level.getInteger("reserved")).isEqualTo(50);
    assertThat(level.getInteger("available")).isZero();
  }

  @Test
  void shouldSumReservationLinesAndCommitTransferAndReplayStock() {
    String variant = createProduct(tokenA, "Mug", "MUG-1", 900).getJsonArray("variants").getJsonObject(0)
        .getString("id");
    receive(tokenA, variant, WAREHOUSE, 10);
    String before = java.time.Instant.now().toString();

    JsonObject body = new JsonObject().put("lines", new JsonArray()
        .add(line(variant, WAREHOUSE, 2)).add(line(variant, WAREHOUSE, 3)));
    HttpResponse<Buffer> reserved = send(HttpMethod.POST, "/api/v1/inventory/reservations", tokenA, body);
    assertThat(reserved.statusCode()).isEqualTo(201);
    assertThat(reserved.getHeader("Location")).startsWith("/api/v1/inventory/reservations/");
    assertThat(reserved.bodyAsJsonObject().getJsonArray("lines")).hasSize(1);
    assertThat(reserved.bodyAsJsonObject().getJsonArray("lines").getJsonObject(0).getInteger("quantity")).isEqualTo(5);
    String id = reserved.bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> committed = send(HttpMethod.POST, "/api/v1/inventory/reservations/" + id + "/commit", tokenA, null);
    assertThat(committed.statusCode()).isEqualTo(200);
    assertThat(committed.bodyAsJsonObject().getString("status")).isEqualTo("committed");
    assertThat(send(HttpMethod.POST, "/api/v1/inventory/reservations/" + id + "/release", tokenA, null).statusCode())
        .isEqualTo(409);

    HttpResponse<Buffer> moved = send(HttpMethod.POST, "/api/v1/inventory/transfers", tokenA, new JsonObject()
        .put("from_location_id", WAREHOUSE.toString()).put("to_location_id", STORE.toString())
        .put("lines", new JsonArray().add(new JsonObject().put("variant_id", variant).put("quantity", 2))));
    assertThat(moved.statusCode()).isEqualTo(200);

    HttpResponse<Buffer> past = request(HttpMethod.GET, "/api/v1/inventory/stock-at", tokenA)
        .addQueryParam("variant_id", variant).addQueryParam("location_id", WAREHOUSE.toString())
        .addQueryParam("at", before).send().await();
    assertThat(past.statusCode()).isEqualTo(200);
    assertThat(past.bodyAsJsonObject().getInteger("on_hand")).isEqualTo(10);
    HttpResponse<Buffer> now = request(HttpMethod.GET, "/api/v1/inventory/stock-at", tokenA)
        .addQueryParam("variant_id", variant).addQueryParam("location_id", WAREHOUSE.toString()).send().await();
    assertThat(now.bodyAsJsonObject().getInteger("on_hand")).isEqualTo(3);
  }
}
