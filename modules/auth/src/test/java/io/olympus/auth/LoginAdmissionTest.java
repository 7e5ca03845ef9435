package io.olympus.auth;

import static io.olympus.auth.testing.AccountHarness.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.password.service.PasswordHasher;
import io.olympus.auth.testing.AccountHarness;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.testing.ContractResponses;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sign-ins beyond the hashing queue's places are refused at the door: 503 {@code overloaded} with {@code Retry-After},
 * before any Redis or database work. The one hashing thread is held busy by the test, so the admitted sign-ins keep
 * their places until it is released: which ones are admitted and which refused does not depend on timing.
 */
@ExtendWith(VertxExtension.class)
class LoginAdmissionTest {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  static final String DEFAULT_TENANT = "acme";
  static final String DEFAULT_EMAIL = "anna@example.com";
  static final int PLACES = 3;
  static final int BURST = 8;
  /** Bounds a wait that would otherwise hang the build; never reached when the service behaves. */
  static final long HANG_BOUND_SECONDS = 60;

  private AccountHarness auth;
  private UUID tenantId;
  private WebClient client;
  private WorkerExecutor hashingPool;
  private final CountDownLatch hashingThreadHeld = new CountDownLatch(1);

  private void start(Vertx vertx) {
    auth = new AccountHarness(vertx, MAIL).start(Map.of(
        "AUTH_HASH_WORKERS", "1",
        "AUTH_LOGIN_QUEUE_SIZE", Integer.toString(PLACES),
        "AUTH_LOGIN_QUEUE_DEADLINE_MS", "0",
        "AUTH_LOCKOUT_THRESHOLD", "4"));
    tenantId = AccountHarness.tenant(DEFAULT_TENANT);
    assertThat(auth.register(DEFAULT_TENANT, DEFAULT_EMAIL).await().statusCode()).isEqualTo(201);
    client = ContractResponses.load(vertx, auth.app.port())
        .map(contract -> contract.install(WebClient.create(vertx, new WebClientOptions()
            .setDefaultHost("127.0.0.1").setDefaultPort(auth.app.port()), new PoolOptions().setHttp1MaxSize(BURST * 2))))
        .await();
  }

  @AfterEach
  void tearDown() {
    hashingThreadHeld.countDown();
    if (hashingPool != null) {
      hashingPool.close().await();
    }
    if (client != null) {
      client.close();
    }
    if (auth != null) {
      auth.stop();
    }
  }

  @Test
  void shouldAdmitAsManySignInsAsThereArePlacesAndRefuseTheRestAtOnceWith503(Vertx vertx) {
    start(vertx);
    holdTheHashingThread(vertx);

    List<Future<HttpResponse<Buffer>>> answers = burst(PASSWORD);
    awaitRefusals(answers, BURST - PLACES);
    assertThat(auth.components.loginAdmission().rejected()).isEqualTo(BURST - PLACES);
    assertThat(auth.components.loginAdmission().admitted()).isEqualTo(PLACES);

    hashingThreadHeld.countDown();
    List<HttpResponse<Buffer>> all = Future.all(answers).timeout(HANG_BOUND_SECONDS, TimeUnit.SECONDS).await().list();
    assertThat(all).filteredOn(r -> r.statusCode() == 200).hasSize(PLACES)
        .allSatisfy(r -> assertThat(r.bodyAsJsonObject().getString("access_token")).isNotBlank());
    assertThat(all).filteredOn(r -> r.statusCode() != 200).hasSize(BURST - PLACES)
        .allSatisfy(LoginAdmissionTest::assertOverloaded);
    assertThat(securityEvents("login_succeeded")).isEqualTo(PLACES);
    assertThat(auth.components.loginAdmission().admitted()).isZero();
    // the refused sign-ins were refused before the rate limits were counted (Redis) or the account was read
    assertThat(redisLong("auth:rl:login:ip:127.0.0.1")).isEqualTo(PLACES);
  }

  @Test
  void shouldNotCountRefusedSignInsTowardsTheAccountsLockout(Vertx vertx) {
    start(vertx);
    holdTheHashingThread(vertx);

    // wrong passwords: had the 5 refused attempts been counted, the 8 failures would lock the account (threshold 4)
    List<Future<HttpResponse<Buffer>>> answers = burst("not the password at all");
    awaitRefusals(answers, BURST - PLACES);
    hashingThreadHeld.countDown();
    List<HttpResponse<Buffer>> all = Future.all(answers).timeout(HANG_BOUND_SECONDS, TimeUnit.SECONDS).await().list();

    assertThat(all).filteredOn(r -> r.statusCode() == 401).hasSize(PLACES);
    assertThat(all).filteredOn(r -> r.statusCode() != 401).hasSize(BURST - PLACES)
        .allSatisfy(LoginAdmissionTest::assertOverloaded);
    assertThat(redisLong("auth:fail:" + accountDigest(tenantId, DEFAULT_EMAIL))).isEqualTo(PLACES);
    assertThat(securityEvents("login_failed")).isEqualTo(PLACES);
    assertThat(securityEvents("locked_out")).isZero();
    assertThat(auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, PASSWORD).await().statusCode())
        .as("the account is not locked").isEqualTo(200);
  }

  /** Occupies the service's only hashing thread until {@link #hashingThreadHeld} is released (shared pool, by name). */
  private void holdTheHashingThread(Vertx vertx) {
    hashingPool = vertx.createSharedWorkerExecutor(PasswordHasher.POOL_NAME, 1);
    hashingPool.executeBlocking(() -> hashingThreadHeld.await(HANG_BOUND_SECONDS, TimeUnit.SECONDS), false);
  }

  private List<Future<HttpResponse<Buffer>>> burst(String password) {
    JsonObject body = new JsonObject().put("tenant_slug", DEFAULT_TENANT).put("email", DEFAULT_EMAIL).put("password", password);
    return IntStream.range(0, BURST)
        .mapToObj(i -> client.post("/api/v1/auth/login").putHeader("User-Agent", "admission-test/1.0").sendJsonObject(body))
        .toList();
  }

  /** Waits until {@code count} of the answers are 503s (the refused ones answer while the admitted ones wait). */
  private static void awaitRefusals(List<Future<HttpResponse<Buffer>>> answers, int count) {
    Promise<Void> refused = Promise.promise();
    AtomicInteger seen = new AtomicInteger();
    answers.forEach(answer -> answer.onSuccess(r -> {
      if (r.statusCode() == 503 && seen.incrementAndGet() == count) {
        refused.complete();
      }
    }).onFailure(refused::tryFail));
    refused.future().timeout(HANG_BOUND_SECONDS, TimeUnit.SECONDS).await();
  }

  private static void assertOverloaded(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.getHeader("Retry-After")).isEqualTo("1");
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(r.bodyAsJsonObject().getString("type")).isEqualTo("urn:olympus:problem:overloaded");
  }

  private long redisLong(String key) {
    Redis redis = RedisClients.create(auth.vertx, TestInfra.get().redisUrl(), 1);
    try {
      Response value = redis.send(Request.cmd(Command.GET).arg(key)).await();
      return value == null ? 0 : value.toLong();
    } finally {
      redis.close();
    }
  }

  private long securityEvents(String type) {
    Pool owner = TestInfra.get().ownerPool(auth.vertx);
    try {
      return owner.preparedQuery("SELECT count(*) FROM auth_security_events WHERE tenant_id = $1 AND type = $2")
          .execute(Tuple.of(tenantId, type))
          .map(rows -> rows.iterator().next().getLong(0))
          .await();
    } finally {
      owner.close().await();
    }
  }

  /** The throttle's account key: the first 16 bytes of SHA-256(tenant id, newline, email), in hex. */
  private static String accountDigest(UUID tenantId, String email) throws IllegalStateException {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((tenantId + "\n" + email).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
