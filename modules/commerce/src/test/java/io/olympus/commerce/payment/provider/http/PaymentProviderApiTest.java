package io.olympus.commerce.payment.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.CommerceApiSupport;
import io.olympus.common.db.Tenancy;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The payment provider accounts over HTTP: stored encrypted, never shown, audited, per tenant, hostile input. */
class PaymentProviderApiTest extends CommerceApiSupport {

  private static final String STRIPE_KEY = "sk_test_51AbCdEfGhIjKlMnOpQrStUvWx4242";
  private static final String STRIPE_WEBHOOK = "whsec_TopSecretSigningSecret123";
  private static final String PATH = "/api/v1/payments/providers";

  private String adminA;
  private String adminB;
  private String readerA;

  @BeforeEach
  void tokens() {
    adminA = identity.token(TENANT_A, List.of("payments:read", "payments:write"));
    adminB = identity.token(TENANT_B, List.of("payments:read", "payments:write"));
    readerA = identity.token(TENANT_A, List.of("payments:read"));
  }

  private static JsonObject stripe() {
    return new JsonObject().put("credentials", new JsonObject()
        .put("secret_key", STRIPE_KEY).put("webhook_secret", STRIPE_WEBHOOK));
  }

  private static JsonObject square(boolean isDefault) {
    return new JsonObject().put("default", isDefault).put("credentials", new JsonObject()
        .put("access_token", "EAAAEsquareAccessToken9876").put("webhook_signature_key", "sigKeySquare0001")
        .put("location_id", "L8ABCDEF").put("notification_url", "https://shop.example/hooks/square"));
  }

  private static JsonObject paypal() {
    return new JsonObject().put("credentials", new JsonObject()
        .put("client_id", "AbCdPayPalClientId_0001").put("client_secret", "EFgPayPalClientSecret_99")
        .put("webhook_id", "8PT597110X687430LKGECATA"));
  }

  @Test
  void shouldStoreCredentialsEncryptedAndNeverShowThem() {
    HttpResponse<Buffer> put = send(HttpMethod.PUT, PATH + "/stripe", adminA, stripe());
    HttpResponse<Buffer> get = send(HttpMethod.GET, PATH + "/stripe", readerA, null);

    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(200);
    for (HttpResponse<Buffer> response : List.of(put, get)) {
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.getString("provider")).isEqualTo("stripe");
      assertThat(body.getBoolean("enabled")).isTrue();
      assertThat(body.getString("key_last4")).isEqualTo("4242");
      assertThat(response.bodyAsString()).doesNotContain(STRIPE_KEY).doesNotContain(STRIPE_WEBHOOK)
          .doesNotContain("credentials");
    }
    Row row = owner.preparedQuery("SELECT credentials, webhook_secret FROM payment_provider_accounts "
        + "WHERE tenant_id = $1").execute(Tuple.of(TENANT_A)).await().iterator().next();
    assertThat(new String(row.getBuffer("credentials").getBytes(), StandardCharsets.ISO_8859_1))
        .doesNotContain(STRIPE_KEY).doesNotContain("sk_test");
    assertThat(new String(row.getBuffer("webhook_secret").getBytes(), StandardCharsets.ISO_8859_1))
        .doesNotContain(STRIPE_WEBHOOK);
  }

  @Test
  void shouldAuditChangesWithoutTheCredentials() {
    send(HttpMethod.PUT, PATH + "/stripe", adminA, stripe());
    send(HttpMethod.DELETE, PATH + "/stripe", adminA, null);

    List<String> changes = owner.preparedQuery("SELECT action, changes FROM audit_log WHERE tenant_id = $1 "
        + "AND resource_type = 'payment_provider' ORDER BY seq").execute(Tuple.of(TENANT_A)).await().stream()
        .map(r -> r.getString("action") + " " + r.getString("changes")).toList();
    assertThat(changes).hasSize(2);
    assertThat(changes.get(0)).startsWith("payment_provider.saved").contains("4242");
    assertThat(changes.get(1)).startsWith("payment_provider.deleted");
    assertThat(String.join("\n", changes)).doesNotContain(STRIPE_KEY).doesNotContain(STRIPE_WEBHOOK);
  }

  @Test
  void shouldNameTheDefaultProvider() {
    assertThat(list(adminA).getString("default_provider")).isEqualTo("sandbox");

    send(HttpMethod.PUT, PATH + "/stripe", adminA, stripe());
    assertThat(list(adminA).getString("default_provider")).isEqualTo("stripe");

    send(HttpMethod.PUT, PATH + "/paypal", adminA, paypal());
    assertThat(list(adminA).getString("default_provider")).isEqualTo("sandbox");

    send(HttpMethod.PUT, PATH + "/square", adminA, square(true));
    send(HttpMethod.PUT, PATH + "/stripe", adminA, stripe().put("default", true));
    JsonObject listed = list(adminA);
    assertThat(listed.getString("default_provider")).isEqualTo("stripe");
    assertThat(listed.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(item -> item.getBoolean("default")).map(item -> item.getString("provider")))
        .containsExactly("stripe");
  }

  private JsonObject list(String token) {
    HttpResponse<Buffer> response = send(HttpMethod.GET, PATH, token, null);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  @Test
  void shouldReplaceAndDeleteAnAccount() {
    send(HttpMethod.PUT, PATH + "/paypal", adminA, paypal());
    HttpResponse<Buffer> disabled = send(HttpMethod.PUT, PATH + "/paypal", adminA, paypal().put("enabled", false));
    assertThat(disabled.bodyAsJsonObject().getBoolean("enabled")).isFalse();
    assertThat(disabled.bodyAsJsonObject().getString("key_last4")).isEqualTo("0001");

    assertThat(send(HttpMethod.DELETE, PATH + "/paypal", adminA, null).statusCode()).isEqualTo(204);
    assertThat(send(HttpMethod.GET, PATH + "/paypal", adminA, null).statusCode()).isEqualTo(404);
    assertThat(send(HttpMethod.DELETE, PATH + "/paypal", adminA, null).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldKeepEachTenantsAccountsToItself(Vertx vertx) {
    send(HttpMethod.PUT, PATH + "/stripe", adminA, stripe());

    assertThat(send(HttpMethod.GET, PATH + "/stripe", adminB, null).statusCode()).isEqualTo(404);
    assertThat(list(adminB).getJsonArray("items")).isEmpty();
    assertThat(send(HttpMethod.DELETE, PATH + "/stripe", adminB, null).statusCode()).isEqualTo(404);
    assertThat(send(HttpMethod.GET, PATH + "/stripe", adminA, null).statusCode()).isEqualTo(200);

    Pool app = TestInfra.get().appPool(vertx);
    try {
      long seenByB = Tenancy.inTenant(app, TENANT_B, conn -> conn
          .query("SELECT count(*) FROM payment_provider_accounts").execute()
          .map(rows -> rows.iterator().next().getLong(0))).await();
      long seenByA = Tenancy.inTenant(app, TENANT_A, conn -> conn
          .query("SELECT count(*) FROM payment_provider_accounts").execute()
          .map(rows -> rows.iterator().next().getLong(0))).await();
      assertThat(seenByB).isZero();
      assertThat(seenByA).isEqualTo(1);
    } finally {
      app.close().await();
    }
  }

  @Test
  void shouldRequireThePaymentPermissions() {
    assertThat(send(HttpMethod.PUT, PATH + "/stripe", readerA, stripe()).statusCode()).isEqualTo(403);
    assertThat(send(HttpMethod.DELETE, PATH + "/stripe", readerA, null).statusCode()).isEqualTo(403);
    assertThat(send(HttpMethod.GET, PATH, tokenA, null).statusCode()).isEqualTo(403);
    assertThat(send(HttpMethod.GET, PATH, null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void shouldRefuseAnUnknownProvider() {
    HttpResponse<Buffer> response = send(HttpMethod.PUT, PATH + "/bitcoin", adminA, stripe());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(send(HttpMethod.GET, PATH + "/sandbox", adminA, null).statusCode()).isEqualTo(400);
  }

  @Test
  void shouldNameMissingAndMistypedCredentials() {
    assertThat(fields(send(HttpMethod.PUT, PATH + "/stripe", adminA, new JsonObject())))
        .contains("credentials");
    assertThat(fields(send(HttpMethod.PUT, PATH + "/stripe", adminA, new JsonObject().put("credentials",
        new JsonObject().put("secret_key", 42)))))
        .contains("credentials.secret_key", "credentials.webhook_secret");
    assertThat(fields(send(HttpMethod.PUT, PATH + "/paypal", adminA, new JsonObject().put("credentials",
        new JsonObject().put("client_id", "AbCdPayPalClientId_0001").put("client_secret", "x")))))
        .contains("credentials.client_secret", "credentials.webhook_id");
    assertThat(fields(send(HttpMethod.PUT, PATH + "/stripe", adminA, stripe().put("enabled", "yes"))))
        .contains("enabled");
  }

  @Test
  void shouldRefuseMalformedCredentialsWithoutEchoingThem() {
    String almostAKey = "pk_live_PublishableNotSecret'; DROP TABLE payment_provider_accounts;--";
    HttpResponse<Buffer> response = send(HttpMethod.PUT, PATH + "/stripe", adminA, new JsonObject()
        .put("credentials", new JsonObject().put("secret_key", almostAKey).put("webhook_secret", STRIPE_WEBHOOK)));

    assertThat(fields(response)).containsExactly("credentials.secret_key");
    assertThat(response.bodyAsString()).doesNotContain("PublishableNotSecret").doesNotContain(STRIPE_WEBHOOK);
    assertThat(send(HttpMethod.GET, PATH + "/stripe", adminA, null).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldRefuseAHostileSquareAccount() {
    JsonObject body = square(false);
    body.getJsonObject("credentials")
        .put("notification_url", "http://169.254.169.254/latest/meta-data")
        .put("location_id", "L8/../../v2/refunds")
        .put("access_token", "has spaces\nand newlines");

    assertThat(fields(send(HttpMethod.PUT, PATH + "/square", adminA, body)))
        .contains("credentials.notification_url", "credentials.location_id", "credentials.access_token");
  }

  @Test
  void shouldRefuseADisabledDefaultAndOversizedValues() {
    assertThat(fields(send(HttpMethod.PUT, PATH + "/paypal", adminA, paypal().put("enabled", false)
        .put("default", true)))).containsExactly("default");
    JsonObject huge = paypal();
    huge.getJsonObject("credentials").put("client_secret", "A".repeat(100_000));
    assertThat(fields(send(HttpMethod.PUT, PATH + "/paypal", adminA, huge))).contains("credentials.client_secret");
  }

  @Test
  void shouldRefuseABodyThatIsNoObject() {
    HttpResponse<Buffer> notJson = request(HttpMethod.PUT, PATH + "/stripe", adminA)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"credentials\":")).await();
    HttpResponse<Buffer> array = request(HttpMethod.PUT, PATH + "/stripe", adminA)
        .sendJson(new JsonArray().add(stripe())).await();
    HttpResponse<Buffer> credentialsText = send(HttpMethod.PUT, PATH + "/stripe", adminA,
        new JsonObject().put("credentials", STRIPE_KEY));

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(array.statusCode()).isEqualTo(400);
    assertThat(credentialsText.statusCode()).isEqualTo(400);
    assertThat(credentialsText.bodyAsString()).doesNotContain(STRIPE_KEY);
  }
}
