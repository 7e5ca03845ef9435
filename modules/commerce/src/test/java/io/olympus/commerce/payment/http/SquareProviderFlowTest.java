package io.olympus.commerce.payment.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.olympus.commerce.payment.gateway.fake.FakeSquareServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The payment flows end to end through the real Square adapter and {@link FakeSquareServer}: a tenant's Square account
 * configured through the API, then a payment authorized, partly captured and refunded (the refund completed by
 * Square's notification), and a dispute opened by a signed Square notification.
 */
class SquareProviderFlowTest extends ProviderFlowSupport {

  private FakeSquareServer square;

  @Override
  protected String provider() {
    return "square";
  }

  @Override
  protected String startProvider(Vertx vertx) {
    square = new FakeSquareServer(vertx);
    square.start().await();
    return square.baseUrl();
  }

  @Override
  protected void stopProvider() {
    square.stop().await();
  }

  @Override
  protected JsonObject credentials() {
    return new JsonObject().put("access_token", FakeSquareServer.ACCESS_TOKEN)
        .put("webhook_signature_key", FakeSquareServer.SIGNATURE_KEY)
        .put("location_id", FakeSquareServer.LOCATION_ID)
        .put("notification_url", FakeSquareServer.NOTIFICATION_URL);
  }

  /** Square answers refunds PENDING; its {@code refund.updated} notification (no reference of ours) completes one. */
  @Override
  protected void refundAnswered(String squarePaymentId, JsonObject refund) {
    assertThat(refund.getString("status")).isEqualTo("pending");
    assertThat(refund.getString("provider_refund_id")).isNotBlank();
    JsonObject completed = new JsonObject().put("id", refund.getString("provider_refund_id")).put("status", "COMPLETED")
        .put("amount_money", new JsonObject().put("amount", refund.getLong("amount")).put("currency", "EUR"))
        .put("payment_id", squarePaymentId);
    WebhookRequest notification = FakeSquareServer.webhook(FakeSquareServer.event("refund.updated", "refund",
        completed, Instant.now()));
    HttpResponse<Buffer> applied = deliver(notification, notification.body());
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(200);
    assertThat(applied.bodyAsJsonObject().getString("status")).isEqualTo("applied");
  }

  @Test
  void shouldAuthorizeCaptureRefundAndOpenADisputeThroughSquare() {
    Flow flow = authorizeCaptureRefundAndDispute(FakeSquareServer.NONCE_OK, squareId -> FakeSquareServer.webhook(
        FakeSquareServer.event("dispute.created", "dispute", square.openDispute(squareId), Instant.now())),
        "EVIDENCE_REQUIRED", "WON");

    JsonObject atSquare = square.payment(flow.providerPaymentId());
    assertThat(atSquare.getString("reference_id")).isEqualTo(flow.paymentId());
    assertThat(atSquare.getString("location_id")).isEqualTo(FakeSquareServer.LOCATION_ID);
    // Square completes in full only: the adapter lowered the amount to the capture, then completed
    assertThat(atSquare.getString("status")).isEqualTo("COMPLETED");
    assertThat(atSquare.getJsonObject("amount_money").getLong("amount")).isEqualTo(1500);
  }
}
