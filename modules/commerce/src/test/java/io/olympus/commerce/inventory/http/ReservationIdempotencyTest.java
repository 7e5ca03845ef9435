package io.olympus.commerce.inventory.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.CommerceApiSupport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key} on {@code POST /api/v1/inventory/reservations}, over the real router and PostgreSQL. */
class ReservationIdempotencyTest extends CommerceApiSupport {

  private static final String RESERVATIONS = "/api/v1/inventory/reservations";

  @Test
  void shouldReplayTheFirstAnswerByteForByteAndHoldNothingMore() {
    String variant = stockedVariant(tokenA, 10);

    HttpResponse<Buffer> first = reserve(tokenA, "order-1001", reservation(variant, 2));
    HttpResponse<Buffer> retry = reserve(tokenA, "order-1001", reservation(variant, 2));

    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    assertThat(first.getHeader("Idempotent-Replayed")).isNull();
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.body().getBytes()).isEqualTo(first.body().getBytes());
    assertThat(retry.getHeader("Location")).isEqualTo(first.getHeader("Location"));
    assertThat(retry.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(reservations(TENANT_A)).isEqualTo(1);
    assertThat(reserved(variant)).isEqualTo(2);
  }

  @Test
  void shouldAnswer422ForTheSameKeyWithAnotherBody() {
    String variant = stockedVariant(tokenA, 10);
    reserve(tokenA, "order-1001", reservation(variant, 2));

    HttpResponse<Buffer> other = reserve(tokenA, "order-1001", reservation(variant, 3));

    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(other.bodyAsJsonObject().getString("type")).isEqualTo("urn:olympus:problem:idempotency-key-reused");
    assertThat(other.bodyAsJsonObject().getString("detail")).contains("order-1001");
    assertThat(reserved(variant)).isEqualTo(2);
  }

  @Test
  void shouldHoldOnceWhenFiftyRequestsWithTheSameKeyArriveTogether() {
    String variant = stockedVariant(tokenA, 100);
    JsonObject body = reservation(variant, 3);

    List<Future<HttpResponse<Buffer>>> attempts = IntStream.range(0, 50)
        .mapToObj(i -> request(HttpMethod.POST, RESERVATIONS, tokenA).putHeader("Idempotency-Key", "burst-1")
            .sendJsonObject(body))
        .toList();
    Future.join(attempts).await();

    List<HttpResponse<Buffer>> answers = attempts.stream().map(Future::result).toList();
    assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).as(answer.bodyAsString()).isIn(201, 409));
    List<HttpResponse<Buffer>> created = answers.stream().filter(a -> a.statusCode() == 201).toList();
    assertThat(created).isNotEmpty();
    Set<String> ids = created.stream().map(a -> a.bodyAsJsonObject().getString("id")).collect(Collectors.toSet());
    assertThat(ids).hasSize(1);
    assertThat(created.stream().filter(a -> a.getHeader("Idempotent-Replayed") == null)).hasSize(1);
    assertThat(answers.stream().filter(a -> a.statusCode() == 409))
        .allSatisfy(a -> assertThat(a.bodyAsJsonObject().getString("type"))
            .isEqualTo("urn:olympus:problem:idempotency-key-in-flight"));
    assertThat(reservations(TENANT_A)).isEqualTo(1);
    assertThat(reserved(variant)).isEqualTo(3);

    HttpResponse<Buffer> later = reserve(tokenA, "burst-1", body);
    assertThat(later.statusCode()).isEqualTo(201);
    assertThat(later.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(later.bodyAsJsonObject().getString("id")).isEqualTo(ids.iterator().next());
  }

  @Test
  void shouldStoreNothingWhenTheReservationFailsSoThatARetryHolds() {
    String variant = stockedVariant(tokenA, 1);

    HttpResponse<Buffer> refused = reserve(tokenA, "order-1001", reservation(variant, 3));
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.bodyAsJsonObject().getString("type")).isEqualTo("urn:olympus:problem:insufficient-stock");
    assertThat(keys(TENANT_A)).isZero();

    receive(tokenA, variant, WAREHOUSE, 5);
    HttpResponse<Buffer> retried = reserve(tokenA, "order-1001", reservation(variant, 3));

    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(201);
    assertThat(retried.getHeader("Idempotent-Replayed")).isNull();
    assertThat(reserved(variant)).isEqualTo(3);
  }

  @Test
  void shouldHoldAgainForAnExpiredKey() {
    String variant = stockedVariant(tokenA, 10);
    String first = reserve(tokenA, "order-1001", reservation(variant, 2)).bodyAsJsonObject().getString("id");
    owner.query("UPDATE idempotency_keys SET expires_at = now() - interval '1 second'").execute().await();

    HttpResponse<Buffer> again = reserve(tokenA, "order-1001", reservation(variant, 2));

    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.getHeader("Idempotent-Replayed")).isNull();
    assertThat(again.bodyAsJsonObject().getString("id")).isNotEqualTo(first);
    assertThat(reserved(variant)).isEqualTo(4);
  }

  @Test
  void shouldKeepTheSameKeyOfTwoTenantsApart() {
    String variantA = stockedVariant(tokenA, 10);
    String variantB = stockedVariant(tokenB, 10);

    HttpResponse<Buffer> a = reserve(tokenA, "order-1001", reservation(variantA, 2));
    HttpResponse<Buffer> b = reserve(tokenB, "order-1001", reservation(variantB, 2));
    HttpResponse<Buffer> bWithA = reserve(tokenB, "order-1002", reservation(variantA, 2));

    assertThat(a.statusCode()).isEqualTo(201);
    assertThat(b.statusCode()).isEqualTo(201);
    assertThat(b.getHeader("Idempotent-Replayed")).isNull();
    assertThat(b.bodyAsJsonObject().getString("id")).isNotEqualTo(a.bodyAsJsonObject().getString("id"));
    assertThat(bWithA.statusCode()).as("another tenant's variant").isEqualTo(404);
    assertThat(keys(TENANT_A)).isEqualTo(1);
    assertThat(keys(TENANT_B)).isEqualTo(1);
  }

  @Test
  void shouldAnswer400NamingTheHeaderForABadKeyAndHoldNothing() {
    String variant = stockedVariant(tokenA, 10);

    for (String bad : List.of("k".repeat(256), "clé-ünïcode", "")) {
      HttpResponse<Buffer> response = reserve(tokenA, bad, reservation(variant, 1));
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
      assertThat(response.bodyAsString()).as(bad).contains("Idempotency-Key");
    }
    assertThat(reserved(variant)).isZero();
    assertThat(reserve(tokenA, "k".repeat(255), reservation(variant, 1)).statusCode()).isEqualTo(201);
  }

  @Test
  void shouldHoldEveryTimeWithoutAKey() {
    String variant = stockedVariant(tokenA, 10);

    assertThat(send(HttpMethod.POST, RESERVATIONS, tokenA, reservation(variant, 1)).statusCode()).isEqualTo(201);
    assertThat(send(HttpMethod.POST, RESERVATIONS, tokenA, reservation(variant, 1)).statusCode()).isEqualTo(201);

    assertThat(reserved(variant)).isEqualTo(2);
    assertThat(keys(TENANT_A)).isZero();
  }

  private HttpResponse<Buffer> reserve(String token, String key, JsonObject body) {
    return request(HttpMethod.POST, RESERVATIONS, token).putHeader("Idempotency-Key", key).sendJsonObject(body).await();
  }

  private String stockedVariant(String token, int quantity) {
    String variant = createProduct(token, "Mug", "MUG-1", 900).getJsonArray("variants").getJsonObject(0)
        .getString("id");
    receive(token, variant, WAREHOUSE, quantity);
    return variant;
  }

  private long reservations(UUID tenant) {
    return owner.preparedQuery("SELECT count(*) FROM reservations WHERE tenant_id = $1").execute(Tuple.of(tenant))
        .await().iterator().next().getLong(0);
  }

  private long keys(UUID tenant) {
    return owner.preparedQuery("SELECT count(*) FROM idempotency_keys WHERE tenant_id = $1").execute(Tuple.of(tenant))
        .await().iterator().next().getLong(0);
  }

  private int reserved(String variant) {
    return owner.preparedQuery("SELECT coalesce(sum(reserved), 0)::int FROM inventory_levels WHERE variant_id = $1")
        .execute(Tuple.of(UUID.fromString(variant))).await().iterator().next().getInteger(0);
  }
}
