package io.olympus.commerce.payment.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.payment.gateway.fake.FakePayPalServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The payment flows end to end through the real PayPal adapter and {@link FakePayPalServer}: a tenant's PayPal account
 * configured through the API, then a payment authorized, partly captured and refunded (OAuth2 token, decimal amounts),
 * and a dispute opened by a PayPal webhook verified through PayPal's verification API.
 */
class PayPalProviderFlowTest extends ProviderFlowSupport {

  private FakePayPalServer paypal;

  @Override
  protected String provider() {
    return "paypal";
  }

  @Override
  protected String startProvider(Vertx vertx) {
    paypal = new FakePayPalServer(vertx);
    paypal.start().await();
    return paypal.baseUrl();
  }

  @Override
  protected void stopProvider() {
    paypal.stop().await();
  }

  @Override
  protected JsonObject credentials() {
    return new JsonObject().put("client_id", FakePayPalServer.CLIENT_ID)
        .put("client_secret", FakePayPalServer.CLIENT_SECRET)
        .put("webhook_id", FakePayPalServer.WEBHOOK_ID);
  }

  @Test
  void shouldAuthorizeCaptureRefundAndOpenADisputeThroughPayPal() {
    Flow flow = authorizeCaptureRefundAndDispute("card:" + FakePayPalServer.VAULT_OK, paypalOrder -> paypal.webhook(
        FakePayPalServer.event("CUSTOMER.DISPUTE.CREATED", "dispute", paypal.openDispute(paypalOrder), Instant.now())),
        "WAITING_FOR_SELLER_RESPONSE", "RESOLVED");

    JsonObject capture = paypal.capture(flow.providerPaymentId());
    assertThat(capture.getString("custom_id")).isEqualTo(flow.paymentId());
    // amounts travel as decimal strings in the currency's exponent
    assertThat(capture.getJsonObject("amount").getString("value")).isEqualTo("15.00");
    assertThat(capture.getString("status")).isEqualTo("PARTIALLY_REFUNDED");
  }
}
