package io.olympus.commerce.payment.provider.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.payment.gateway.AuthorizeRequest;
import io.olympus.commerce.payment.gateway.CaptureMode;
import io.olympus.commerce.payment.gateway.CaptureRequest;
import io.olympus.commerce.payment.gateway.DisputeEvidenceRequest;
import io.olympus.commerce.payment.gateway.GatewayDispute;
import io.olympus.commerce.payment.gateway.GatewayEvent;
import io.olympus.commerce.payment.gateway.GatewayException;
import io.olympus.commerce.payment.gateway.GatewayPayment;
import io.olympus.commerce.payment.gateway.GatewayRefund;
import io.olympus.commerce.payment.gateway.GatewayStatus;
import io.olympus.commerce.payment.gateway.PaymentGateway;
import io.olympus.commerce.payment.gateway.RefundRequest;
import io.olympus.commerce.payment.gateway.VoidRequest;
import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.olympus.commerce.payment.gateway.fake.FakePayPalServer;
import io.olympus.commerce.payment.gateway.fake.FakeSquareServer;
import io.olympus.commerce.payment.gateway.fake.FakeStripeServer;
import io.olympus.commerce.payment.gateway.support.ProviderEndpoint;
import io.olympus.commerce.payment.provider.model.ProviderAccountInput;
import io.olympus.commerce.payment.provider.repository.ProviderAccountRepository;
import io.olympus.commerce.support.Money;
import io.olympus.common.crypto.SecretEncryption;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tenant's configured gateways resolved from its stored accounts (real PostgreSQL) against the local provider
 * servers, the sandbox fallback, the cache and its invalidation.
 */
@ExtendWith(VertxExtension.class)
class ConfiguredPaymentGatewaysTest {

  private static final UUID TENANT = Uuids.v7();
  private static final UUID OTHER_TENANT = Uuids.v7();

  /** Stands in for the built-in sandbox: only its name matters here. */
  private static final PaymentGateway SANDBOX = new PaymentGateway() {
    @Override
    public String provider() {
      return "sandbox";
    }

    @Override
    public Future<GatewayPayment> authorize(AuthorizeRequest request) {
      return Future.succeededFuture(new GatewayPayment("sbx_1", request.reference(), GatewayStatus.CAPTURED,
          request.amount(), request.amount(), null, null, null));
    }

    @Override
    public Future<GatewayPayment> capture(CaptureRequest request) {
      return Future.failedFuture("not in this test");
    }

    @Override
    public Future<GatewayPayment> voidAuthorization(VoidRequest request) {
      return Future.failedFuture("not in this test");
    }

    @Override
    public Future<GatewayRefund> refund(RefundRequest request) {
      return Future.failedFuture("not in this test");
    }

    @Override
    public Future<Optional<GatewayPayment>> retrieve(String reference) {
      return Future.succeededFuture(Optional.empty());
    }

    @Override
    public Future<GatewayDispute> submitDisputeEvidence(DisputeEvidenceRequest request) {
      return Future.failedFuture("not in this test");
    }

    @Override
    public Future<GatewayEvent> parseWebhook(WebhookRequest request) {
      return Future.failedFuture("not in this test");
    }
  };

  private Pool pool;
  private WebClient client;
  private FakeStripeServer stripe;
  private FakeSquareServer square;
  private FakePayPalServer paypal;
  private PaymentProviderService service;
  private ConfiguredPaymentGateways gateways;
  private MessageConsumer<String> listener;
  private PaymentProvidersConfig config;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    client = WebClient.create(vertx);
    stripe = new FakeStripeServer(vertx);
    square = new FakeSquareServer(vertx);
    paypal = new FakePayPalServer(vertx);
    Future.all(stripe.start(), square.start(), paypal.start()).await();
    Duration timeout = Duration.ofSeconds(10);
    config = PaymentProvidersConfig.DEFAULTS.withEndpoints(new ProviderEndpoint(stripe.baseUrl(), timeout),
        new ProviderEndpoint(square.baseUrl(), timeout), new ProviderEndpoint(paypal.baseUrl(), timeout));
    service = service(vertx, config);
    gateways = new ConfiguredPaymentGateways(service, new ProviderGatewayFactory(client, config), SANDBOX,
        Duration.ofMinutes(5));
    listener = gateways.listen(vertx.eventBus());
  }

  @AfterEach
  void tearDown() {
    listener.unregister().await();
    Future.all(stripe.stop(), square.stop(), paypal.stop()).await();
    client.close();
    pool.close().await();
  }

  private PaymentProviderService service(Vertx vertx, PaymentProvidersConfig settings) {
    return new PaymentProviderService(pool, new ProviderAccountRepository(), EventSink.discarding(),
        new SecretEncryption(settings.credentialsKey()), vertx.eventBus());
  }

  private void configure(UUID tenant, String provider, JsonObject credentials, boolean isDefault) {
    service.save(tenant, ProviderAccountInput.read(provider, new JsonObject().put("credentials", credentials)
        .put("default", isDefault))).await();
  }

  private void configureStripe(UUID tenant) {
    configure(tenant, "stripe", new JsonObject().put("secret_key", FakeStripeServer.SECRET_KEY)
        .put("webhook_secret", FakeStripeServer.WEBHOOK_SECRET), false);
  }

  private static AuthorizeRequest payment(String method) {
    return new AuthorizeRequest(UUID.randomUUID().toString(), new Money(2_500, "EUR"), method,
        CaptureMode.AUTOMATIC, null, null, Map.of());
  }

  @Test
  void shouldFallBackToTheSandboxWithoutConfiguration() {
    assertThat(gateways.gateway(TENANT, null).await()).isSameAs(SANDBOX);
    assertThat(gateways.gateway(TENANT, "sandbox").await()).isSameAs(SANDBOX);
  }

  @Test
  void shouldPayThroughTheTenantsOwnStripeAccount() {
    configureStripe(TENANT);

    PaymentGateway gateway = gateways.gateway(TENANT, null).await();
    GatewayPayment paid = gateway.authorize(payment(FakeStripeServer.CARD_OK)).await();

    assertThat(gateway.provider()).isEqualTo("stripe");
    assertThat(paid.status()).isEqualTo(GatewayStatus.CAPTURED);
    assertThat(stripe.intent(paid.providerPaymentId())).isNotNull();
    assertThat(gateways.gateway(OTHER_TENANT, null).await()).isSameAs(SANDBOX);
  }

  @Test
  void shouldPayThroughSquareAndPayPalAccountsBuiltFromStoredCredentials() {
    configure(TENANT, "square", new JsonObject().put("access_token", FakeSquareServer.ACCESS_TOKEN)
        .put("webhook_signature_key", FakeSquareServer.SIGNATURE_KEY).put("location_id", FakeSquareServer.LOCATION_ID)
        .put("notification_url", FakeSquareServer.NOTIFICATION_URL), false);
    configure(TENANT, "paypal", new JsonObject().put("client_id", FakePayPalServer.CLIENT_ID)
        .put("client_secret", FakePayPalServer.CLIENT_SECRET).put("webhook_id", FakePayPalServer.WEBHOOK_ID), true);

    GatewayPayment bySquare = gateways.gateway(TENANT, "square").await()
        .authorize(payment(FakeSquareServer.NONCE_OK)).await();
    PaymentGateway byDefault = gateways.gateway(TENANT, null).await();
    GatewayPayment byPayPal = byDefault.authorize(payment(FakePayPalServer.VAULT_OK)).await();

    assertThat(bySquare.status()).isEqualTo(GatewayStatus.CAPTURED);
    assertThat(square.payment(bySquare.providerPaymentId()).getString("location_id"))
        .isEqualTo(FakeSquareServer.LOCATION_ID);
    assertThat(byDefault.provider()).isEqualTo("paypal");
    assertThat(byPayPal.status()).isEqualTo(GatewayStatus.CAPTURED);
  }

  @Test
  void shouldChooseTheSandboxAmongSeveralAccountsWithoutADefault() {
    configureStripe(TENANT);
    configure(TENANT, "paypal", new JsonObject().put("client_id", FakePayPalServer.CLIENT_ID)
        .put("client_secret", FakePayPalServer.CLIENT_SECRET).put("webhook_id", FakePayPalServer.WEBHOOK_ID), false);

    assertThat(gateways.gateway(TENANT, null).await()).isSameAs(SANDBOX);
    assertThat(gateways.gateway(TENANT, "stripe").await().provider()).isEqualTo("stripe");
  }

  @Test
  void shouldRefuseAProviderTheTenantHasNotConfigured() {
    configureStripe(TENANT);

    for (String provider : new String[] {"paypal", "bitcoin"}) {
      assertThatThrownBy(() -> gateways.gateway(TENANT, provider).await())
          .isInstanceOfSatisfying(GatewayException.class,
              e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST));
    }
  }

  @Test
  void shouldKeepOneGatewayPerTenantUntilItsAccountsChange(Vertx vertx) {
    configureStripe(TENANT);
    // a fresh instance, so the notification of the set-up above is not in flight towards it
    ConfiguredPaymentGateways fresh = new ConfiguredPaymentGateways(service,
        new ProviderGatewayFactory(client, config), SANDBOX, Duration.ofMinutes(5));
    MessageConsumer<String> freshListener = fresh.listen(vertx.eventBus());
    freshListener.completion().await();
    PaymentGateway first = fresh.gateway(TENANT, "stripe").await();
    assertThat(fresh.gateway(TENANT, "stripe").await()).isSameAs(first);

    service.delete(TENANT, "stripe").await();

    PaymentGateway after = first;
    for (int attempt = 0; attempt < 1_000 && after == first; attempt++) {
      vertx.timer(10).await();
      after = fresh.gateway(TENANT, null).await();
    }
    freshListener.unregister().await();
    assertThat(after).isSameAs(SANDBOX);
  }

  @Test
  void shouldNotFallBackWhenStoredCredentialsDoNotDecrypt(Vertx vertx) {
    configureStripe(TENANT);
    PaymentProvidersConfig otherKey = new PaymentProvidersConfig(config.stripe(), config.square(), config.paypal(),
        new SecretKeySpec(new byte[32], "AES"), false, Duration.ofMinutes(5));
    ConfiguredPaymentGateways rekeyed = new ConfiguredPaymentGateways(service(vertx, otherKey),
        new ProviderGatewayFactory(client, otherKey), SANDBOX, Duration.ofMinutes(5));

    assertThatThrownBy(() -> rekeyed.gateway(TENANT, null).await())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("do not decrypt")
        .hasMessageNotContaining(FakeStripeServer.SECRET_KEY);
  }

  @Test
  void shouldNotDecryptAValueCopiedToAnotherTenant() {
    SecretEncryption encryption = new SecretEncryption(config.credentialsKey());
    byte[] sealed = encryption.encrypt("secret".getBytes(), ("payment_provider_accounts|" + TENANT + "|stripe|"
        + "credentials").getBytes());

    assertThatThrownBy(() -> encryption.decrypt(sealed, ("payment_provider_accounts|" + OTHER_TENANT
        + "|stripe|credentials").getBytes())).isInstanceOf(IllegalArgumentException.class);
    assertThat(new String(encryption.decrypt(sealed, ("payment_provider_accounts|" + TENANT + "|stripe|"
        + "credentials").getBytes()))).isEqualTo("secret");
  }
}
