package io.olympus.commerce.payment.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.olympus.commerce.payment.gateway.GatewayEvent;
import io.olympus.commerce.payment.gateway.GatewayException;
import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sandbox's webhook signatures: verified over the raw body, with a timestamp tolerance. */
@ExtendWith(VertxExtension.class)
class SandboxGatewayTest {

  private static final String SECRET = "whsec_test";

  private static JsonObject event() {
    return new JsonObject().put("id", "evt_1").put("type", "dispute.opened").put("occurred_at", "2026-12-07T10:00:00Z")
        .put("data", new JsonObject().put("dispute", new JsonObject().put("id", "dp_1").put("payment_id", "sbx_1")
            .put("status", "needs_response").put("amount", 500).put("currency", "JPY")));
  }

  private SandboxGateway gateway(Vertx vertx) {
    return new SandboxGateway(vertx, null, UUID.randomUUID(), new SandboxConfig(SECRET, 1000, 1000),
        (tenant, request) -> io.vertx.core.Future.succeededFuture());
  }

  @Test
  void shouldReadASignedDeliveryIntoAProviderNeutralEvent(Vertx vertx) {
    GatewayEvent event = gateway(vertx).parseWebhook(SandboxGateway.signed(SECRET, event(), Instant.now())).await();

    assertThat(event.type()).isEqualTo(GatewayEvent.Type.DISPUTE_OPENED);
    assertThat(event.eventId()).isEqualTo("evt_1");
    assertThat(event.dispute().amount().amount()).isEqualTo(500);
    assertThat(event.dispute().amount().currency()).isEqualTo("JPY");
  }

  @Test
  void shouldRefuseAForgedATamperedAndAStaleDelivery(Vertx vertx) {
    SandboxGateway gateway = gateway(vertx);
    WebhookRequest good = SandboxGateway.signed(SECRET, event(), Instant.now());
    WebhookRequest forged = SandboxGateway.signed("other", event(), Instant.now());
    WebhookRequest tampered = new WebhookRequest(good.headers(), event().put("id", "evt_2").toBuffer(), "x",
        Instant.now());
    WebhookRequest old = SandboxGateway.signed(SECRET, event(), Instant.now().minusSeconds(3600));
    WebhookRequest stale = new WebhookRequest(old.headers(), old.body(), "x", Instant.now());
    WebhookRequest unsigned = new WebhookRequest(MultiMap.caseInsensitiveMultiMap(), event().toBuffer(), "x",
        Instant.now());

    for (WebhookRequest bad : new WebhookRequest[] {forged, tampered, stale, unsigned}) {
      Throwable err = catchThrowable(() -> gateway.parseWebhook(bad).await());
      assertThat(err).isInstanceOf(GatewayException.class);
      assertThat(((GatewayException) err).kind()).isEqualTo(GatewayException.Kind.INVALID_SIGNATURE);
    }
  }
}
