package io.olympus.app;

import static io.olympus.app.AppTestSupport.hash;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.auth.AuthService;
import io.olympus.auth.login.service.MfaGate;
import io.olympus.commerce.CommerceService;
import io.olympus.common.bus.BusClient;
import io.olympus.common.service.Readiness;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.tenant.TenantAddresses;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.PlatformService;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Auth, platform and commerce in one process; then the platform goes away (its verticles, and with them its
 * event-bus consumers, are undeployed). Requests for a tenant this process has cached still answer (login, product
 * read and write); a tenant it never loaded gets 503 + {@code Retry-After} at once, first because the platform's
 * addresses have no handler, then because their breaker is open — no request waits for the old 5 s bus timeout.
 */
@ExtendWith(VertxExtension.class)
class PeerServiceLossTest {

  private static final String PASSWORD = "correct horse battery staple 42";
  private static final String OWNER_ROLE = "00000000-0000-7000-8000-000000000101";
  private static final int MAX_FAILURES = 3;

  private final UUID cached = UUID.randomUUID();
  private final UUID uncached = UUID.randomUUID();
  private final Set<String> platformDeployments = new HashSet<>();
  private WebClient auth;
  private WebClient commerce;
  private BusClient bus;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    int authPort = TestPorts.free();
    int platformPort = TestPorts.free();
    int commercePort = TestPorts.free();
    ServiceContext context = ServiceContext.create(vertx, ServiceHarness.config(Map.of(
            "AUTH_PORT", Integer.toString(authPort),
            "PLATFORM_PORT", Integer.toString(platformPort),
            "COMMERCE_PORT", Integer.toString(commercePort),
            "BUS_REQUEST_TIMEOUT_MS", "500",
            "BUS_BREAKER_MAX_FAILURES", Integer.toString(MAX_FAILURES),
            // stays open for the whole test
            "BUS_BREAKER_RESET_MS", "600000")),
        infra.appUrl(), infra.redisUrl(), new Readiness());
    Map<String, String> authSettings = Map.of("AUTH_ARGON2_MEMORY_KIB", "8192", "AUTH_ARGON2_ITERATIONS", "1",
        "AUTH_FAILURE_DELAY_MAX_MS", "0", "AUTH_RATE_LOGIN_IP_PER_MINUTE", "10000",
        "AUTH_RATE_LOGIN_ACCOUNT_PER_MINUTE", "10000");
    String hash = hash(vertx, authSettings, PASSWORD);
    for (UUID tenant : new UUID[] {cached, uncached}) {
      UUID owner = UUID.randomUUID();
      String slug = tenant.equals(cached) ? "cached" : "uncached";
      infra.executeAsOwner(("INSERT INTO tenants (id, slug, name, plan) VALUES ('%1$s', '%5$s', 'T', 'pro'); "
          + "INSERT INTO auth_users (id, tenant_id, email, password_hash, email_verified, roles) "
          + "VALUES ('%2$s', '%1$s', 'owner@%5$s.example', '%3$s', true, '{owner}'); "
          + "INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES ('%1$s', '%2$s', '%4$s')")
          .formatted(tenant, owner, hash, OWNER_ROLE, slug));
    }
    // platform last, so its deployments can be undeployed alone (in a real outage the platform's process dies; the
    // process-wide security clients belong to the context, not to any of its verticles)
    new AuthService(new JsonObject(Map.copyOf(authSettings)), MfaGate.NONE).deploy(vertx, context).await();
    new CommerceService(new JsonObject()).deploy(vertx, context).await();
    Set<String> before = Set.copyOf(vertx.deploymentIDs());
    new PlatformService().deploy(vertx, context).await();
    platformDeployments.addAll(vertx.deploymentIDs());
    platformDeployments.removeAll(before);
    auth = client(vertx, authPort);
    commerce = client(vertx, commercePort);
    bus = context.bus();
  }

  @AfterEach
  void tearDown() {
    auth.close();
    commerce.close();
  }

  @Test
  void cachedTenantsStillAnswerAndUnknownOnesGet503AtOnceWhileThePlatformIsGone(Vertx vertx) {
    HttpResponse<Buffer> before = login("cached");
    assertThat(before.statusCode()).as(before.bodyAsString()).isEqualTo(200);
    String token = before.bodyAsJsonObject().getString("access_token");
    HttpResponse<Buffer> created = createProduct(token);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String productId = created.bodyAsJsonObject().getString("id");

    for (String id : platformDeployments) {
      vertx.undeploy(id).otherwiseEmpty().await(); // a child goes with its parent
    }

    // the uncached tenant: the platform's address has no handler any more, then the breaker opens
    for (int i = 0; i < MAX_FAILURES + 3; i++) {
      HttpResponse<Buffer> refused = login("uncached");
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
      assertThat(refused.getHeader("Retry-After")).isNotNull();
      assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
    }
    assertThat(bus.state(TenantAddresses.RESOLVE)).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(bus.rejected(TenantAddresses.RESOLVE)).isGreaterThanOrEqualTo(3);

    // the cached tenant: login, an authenticated read and a write go on
    HttpResponse<Buffer> again = login("cached");
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(200);
    String fresh = again.bodyAsJsonObject().getString("access_token");
    HttpResponse<Buffer> read = commerce.get("/api/v1/products/" + productId).bearerTokenAuthentication(fresh)
        .send().await();
    assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> write = createProduct(fresh);
    assertThat(write.statusCode()).as(write.bodyAsString()).isEqualTo(201);

    JsonObject ready = commerce.get("/health/ready").send().await().bodyAsJsonObject();
    assertThat(ready.encode()).contains(BusClient.HEALTH_CHECK).contains(TenantAddresses.RESOLVE);
  }

  private HttpResponse<Buffer> login(String slug) {
    return auth.post("/api/v1/auth/login").sendJsonObject(new JsonObject().put("tenant_slug", slug)
        .put("email", "owner@" + slug + ".example").put("password", PASSWORD)).await();
  }

  private HttpResponse<Buffer> createProduct(String token) {
    JsonObject product = new JsonObject().put("title", "Lamp").put("status", "active")
        .put("variants", new JsonArray().add(new JsonObject().put("sku", "SKU-" + UUID.randomUUID())
            .put("price", new JsonObject().put("amount", 1_250).put("currency", "EUR"))));
    return commerce.post("/api/v1/products").bearerTokenAuthentication(token).sendJsonObject(product).await();
  }

  private static WebClient client(Vertx vertx, int port) {
    // far beyond the bus deadline: an answer that took longer would show as a client time-out
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setIdleTimeout(4).setConnectTimeout(4_000));
  }
}
