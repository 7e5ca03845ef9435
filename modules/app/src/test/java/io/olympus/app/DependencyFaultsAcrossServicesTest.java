package io.olympus.app;

import static io.olympus.app.AppTestSupport.hash;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.auth.AuthService;
import io.olympus.auth.login.service.MfaGate;
import io.olympus.commerce.CommerceService;
import io.olympus.common.db.DatabaseUrl;
import io.olympus.common.redis.RedisUrl;
import io.olympus.common.service.Readiness;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.testing.FaultProxy;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.PlatformService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Auth, platform and commerce with their PostgreSQL and Redis behind {@link FaultProxy}s and the product's short
 * deadlines. For a frozen and a cut Redis and a frozen and a cut PostgreSQL: login, an authenticated product read and
 * a product write each answer 2xx or 503 + {@code Retry-After} — never a 500, never a hang (the client gives up after
 * {@link #CLIENT_TIMEOUT_MS}, far beyond every deadline) — readiness answers 503, and once the dependency is back
 * readiness answers 200, everything answers 2xx, and every product whose creation was acknowledged is there.
 */
@ExtendWith(VertxExtension.class)
class DependencyFaultsAcrossServicesTest {

  private static final String PASSWORD = "correct horse battery staple 42";
  private static final String OWNER_ROLE = "00000000-0000-7000-8000-000000000101";
  private static final int CLIENT_TIMEOUT_MS = 10_000;

  private final UUID tenant = UUID.randomUUID();
  private final List<String> acknowledged = new CopyOnWriteArrayList<>();
  private final List<Throwable> raced = new CopyOnWriteArrayList<>();
  private FaultProxy postgres;
  private FaultProxy redis;
  private WebClient auth;
  private WebClient commerce;
  private String productId;

  @BeforeEach
  void setUp(Vertx vertx) {
    vertx.exceptionHandler(err -> {
      if (String.valueOf(err.getMessage()).contains("already completed")) {
        raced.add(err);
      }
    });
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    DatabaseUrl db = infra.appUrl();
    postgres = FaultProxy.start(vertx, db.host(), db.port()).await();
    redis = FaultProxy.start(vertx, "127.0.0.1", infra.redisUrl().port()).await();
    int authPort = TestPorts.free();
    int platformPort = TestPorts.free();
    int commercePort = TestPorts.free();
    ServiceContext context = ServiceContext.create(vertx, ServiceHarness.config(Map.of(
            "AUTH_PORT", Integer.toString(authPort),
            "PLATFORM_PORT", Integer.toString(platformPort),
            "COMMERCE_PORT", Integer.toString(commercePort),
            "REDIS_COMMAND_TIMEOUT_MS", "300",
            "DATABASE_POOL_WAIT_MS", "1500",
            "DATABASE_STATEMENT_TIMEOUT_MS", "2000",
            "OLYMPUS_REQUEST_TIMEOUT_MS", "3000")),
        new DatabaseUrl("127.0.0.1", postgres.port(), db.database(), db.user(), db.password()),
        RedisUrl.local(redis.port()), new Readiness());
    Map<String, String> authSettings = Map.of("AUTH_ARGON2_MEMORY_KIB", "8192", "AUTH_ARGON2_ITERATIONS", "1",
        "AUTH_FAILURE_DELAY_MAX_MS", "0", "AUTH_RATE_LOGIN_IP_PER_MINUTE", "10000",
        "AUTH_RATE_LOGIN_ACCOUNT_PER_MINUTE", "10000");
    String hash = hash(vertx, authSettings, PASSWORD);
    UUID owner = UUID.randomUUID();
    infra.executeAsOwner(("INSERT INTO tenants (id, slug, name, plan) VALUES ('%1$s', 'faulty', 'Faulty', 'pro'); "
        + "INSERT INTO auth_users (id, tenant_id, email, password_hash, email_verified, roles) "
        + "VALUES ('%2$s', '%1$s', 'owner@faulty.example', '%3$s', true, '{owner}'); "
        + "INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES ('%1$s', '%2$s', '%4$s')")
        .formatted(tenant, owner, hash, OWNER_ROLE));
    new PlatformService().deploy(vertx, context).await();
    new AuthService(new JsonObject(Map.copyOf(authSettings)), MfaGate.NONE).deploy(vertx, context).await();
    new CommerceService(new JsonObject()).deploy(vertx, context).await();
    auth = client(vertx, authPort);
    commerce = client(vertx, commercePort);

    HttpResponse<Buffer> created = createProduct(login().bodyAsJsonObject().getString("access_token"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    productId = created.bodyAsJsonObject().getString("id");
  }

  @AfterEach
  void tearDown() {
    auth.close();
    commerce.close();
    postgres.close().await();
    redis.close().await();
  }

  @Test
  void shouldAnswerEveryRequestWhileRedisIsFrozen() {
    String token = login().bodyAsJsonObject().getString("access_token");
    redis.freeze().await();
    assertDegraded(token);
    redis.restore().await();
    assertRecovered();
  }

  @Test
  void shouldAnswerEveryRequestWhileRedisIsCut() {
    String token = login().bodyAsJsonObject().getString("access_token");
    redis.cut().await();
    assertDegraded(token);
    redis.restore().await();
    assertRecovered();
  }

  @Test
  void shouldAnswerEveryRequestWhilePostgresIsFrozen() {
    String token = login().bodyAsJsonObject().getString("access_token");
    postgres.freeze().await();
    assertDegraded(token);
    postgres.restore().await();
    assertRecovered();
  }

  @Test
  void shouldAnswerEveryRequestWhilePostgresIsCut() {
    String token = login().bodyAsJsonObject().getString("access_token");
    postgres.cut().await();
    assertDegraded(token);
    postgres.restore().await();
    assertRecovered();
  }

  private void assertDegraded(String token) {
    assertAnsweredOrUnavailable(login(), 200);
    assertAnsweredOrUnavailable(readProduct(token), 200);
    assertAnsweredOrUnavailable(createProduct(token), 201);
    assertAnsweredOrUnavailable(commerce.get("/api/v1/products").bearerTokenAuthentication(token).send().await(), 200);
    assertThat(auth.get("/health/ready").send().await().statusCode()).isEqualTo(503);
    assertThat(commerce.get("/health/ready").send().await().statusCode()).isEqualTo(503);
  }

  private void assertRecovered() {
    assertThat(until(200, () -> auth.get("/health/ready").send()).statusCode()).isEqualTo(200);
    assertThat(until(200, () -> commerce.get("/health/ready").send()).statusCode()).isEqualTo(200);
    // the first command on each pooled Redis or database connection the outage broke fails (503) and drops it
    HttpResponse<Buffer> login = until(200, () -> auth.post("/api/v1/auth/login").sendJsonObject(credentials()));
    assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(200);
    String token = login.bodyAsJsonObject().getString("access_token");
    assertThat(readProduct(token).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> created = createProduct(token);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(countProducts()).isEqualTo(acknowledged.size());
    assertThat(raced).isEmpty();
  }

  private static void assertAnsweredOrUnavailable(HttpResponse<Buffer> answer, int success) {
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isIn(success, 503);
    if (answer.statusCode() == 503) {
      assertThat(answer.getHeader("Retry-After")).isNotNull();
      assertThat(answer.getHeader("Content-Type")).startsWith("application/problem+json");
    }
  }

  private HttpResponse<Buffer> login() {
    return auth.post("/api/v1/auth/login").sendJsonObject(credentials()).await();
  }

  private static JsonObject credentials() {
    return new JsonObject().put("tenant_slug", "faulty").put("email", "owner@faulty.example").put("password", PASSWORD);
  }

  private HttpResponse<Buffer> readProduct(String token) {
    return commerce.get("/api/v1/products/" + productId).bearerTokenAuthentication(token).send().await();
  }

  private HttpResponse<Buffer> createProduct(String token) {
    String sku = "SKU-" + UUID.randomUUID();
    JsonObject product = new JsonObject().put("title", "Lamp").put("status", "active")
        .put("variants", new JsonArray().add(new JsonObject().put("sku", sku)
            .put("price", new JsonObject().put("amount", 1_250).put("currency", "EUR"))));
    HttpResponse<Buffer> answer = commerce.post("/api/v1/products").bearerTokenAuthentication(token)
        .sendJsonObject(product).await();
    if (answer.statusCode() == 201) {
      acknowledged.add(answer.bodyAsJsonObject().getString("id"));
    }
    return answer;
  }

  /** Products of the tenant in the database whose creation was acknowledged. Blocking. */
  private long countProducts() {
    String ids = String.join(",", acknowledged.stream().map(id -> "'" + id + "'").toList());
    try (var c = java.sql.DriverManager.getConnection(TestInfra.get().ownerUrl().jdbcUrl(),
        TestInfra.get().ownerUrl().user(), TestInfra.get().ownerUrl().password());
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM products WHERE tenant_id = '" + tenant + "' AND id IN (" + ids
            + ")")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Repeats a request (at most 100 times, each bounded by its deadlines) until it answers {@code status}. */
  private static HttpResponse<Buffer> until(int status, Supplier<Future<HttpResponse<Buffer>>> request) {
    HttpResponse<Buffer> answer = request.get().await();
    for (int i = 1; i < 100 && answer.statusCode() != status; i++) {
      answer = request.get().await();
    }
    return answer;
  }

  private static WebClient client(Vertx vertx, int port) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setIdleTimeout(CLIENT_TIMEOUT_MS).setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setConnectTimeout(CLIENT_TIMEOUT_MS));
  }
}
