package io.olympus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.db.DatabaseUrl;
import io.olympus.common.redis.RedisUrl;
import io.olympus.common.service.Readiness;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.testing.FaultProxy;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A service whose PostgreSQL and Redis sit behind {@link FaultProxy}s, with the product's short deadlines: while a
 * dependency is frozen or cut, every request is answered — 2xx or 503 + {@code Retry-After}, never a 500, never a
 * hang (the client gives up after {@link #CLIENT_TIMEOUT_MS}, far beyond every deadline) — readiness answers 503
 * with a JSON body; the same when it is slow (every round trip far longer than the deadlines), and after the dependency
 * returns everything answers 2xx again, every acknowledged write is in
 * the database, and no late answer trips over a completed promise.
 */
@ExtendWith(VertxExtension.class)
class DependencyFaultTest {

  /** The client's own limit: a request still unanswered by then hung. */
  private static final int CLIENT_TIMEOUT_MS = 8_000;
  private static final int REQUESTS_PER_PHASE = 6;
  /** Latency of a slow dependency, each way: far above every deadline, a round trip within the client's limit. */
  private static final long SLOW_MS = 1_500;

  private FaultProxy postgres;
  private FaultProxy redis;
  private ServiceHarness.Deployed app;
  private WebClient client;
  private final List<Throwable> unhandled = new CopyOnWriteArrayList<>();
  private final List<UUID> acknowledged = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void createProbeTable() {
    TestInfra.get().executeAsOwner("CREATE TABLE IF NOT EXISTS fault_probe (id uuid PRIMARY KEY); "
        + "GRANT SELECT, INSERT ON fault_probe TO " + TestInfra.APP_USER);
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    // a completion racing a time-out (a check's, a command's) would surface here as "Promise already completed"
    vertx.exceptionHandler(err -> {
      if (String.valueOf(err.getMessage()).contains("already completed")) {
        unhandled.add(err);
      }
    });
    TestInfra infra = TestInfra.get();
    DatabaseUrl db = infra.appUrl();
    postgres = FaultProxy.start(vertx, db.host(), db.port()).await();
    redis = FaultProxy.start(vertx, "127.0.0.1", infra.redisUrl().port()).await();
    ServiceContext context = ServiceContext.create(vertx, ServiceHarness.config(Map.of(
            "REDIS_COMMAND_TIMEOUT_MS", "300",
            "DATABASE_POOL_WAIT_MS", "500",
            "DATABASE_STATEMENT_TIMEOUT_MS", "2000",
            "OLYMPUS_REQUEST_TIMEOUT_MS", "1500")),
        new DatabaseUrl("127.0.0.1", postgres.port(), db.database(), db.user(), db.password()),
        RedisUrl.local(redis.port()), new Readiness());
    app = ServiceHarness.deploy(vertx, context, EchoHttpVerticle::new).await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port())
        .setIdleTimeout(CLIENT_TIMEOUT_MS).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
        .setConnectTimeout(CLIENT_TIMEOUT_MS));
  }

  @AfterEach
  void close(Vertx vertx) {
    client.close();
    app.close(vertx).await();
    postgres.close().await();
    redis.close().await();
  }

  @Test
  void shouldAnswer503WhileRedisIsFrozenAndRecover() {
    redis.freeze().await();
    assertDegraded("/probe/redis");
    redis.restore().await();
    assertRecovered("/probe/redis");
  }

  @Test
  void shouldAnswer503WhileRedisIsCutAndRecover() {
    redis.cut().await();
    assertDegraded("/probe/redis");
    redis.restore().await();
    assertRecovered("/probe/redis");
  }

  @Test
  void shouldAnswer503WhilePostgresIsFrozenAndKeepEveryAcknowledgedWrite() {
    assertThat(write().statusCode()).isEqualTo(201);
    postgres.freeze().await();
    assertDegradedWrites();
    postgres.restore().await();
    assertRecoveredWrites();
  }

  @Test
  void shouldAnswer503WhilePostgresIsCutAndKeepEveryAcknowledgedWrite() {
    assertThat(write().statusCode()).isEqualTo(201);
    postgres.cut().await();
    assertDegradedWrites();
    postgres.restore().await();
    assertRecoveredWrites();
  }

  @Test
  void shouldAnswer503WhenRedisIsSlowerThanItsDeadlineAndRecover() {
    // every Redis round trip takes at least 2 × 1.5 s: only the 300 ms command deadline can answer before the client's
    // limit, and only with a 503 (without it the same requests would answer 200, late)
    redis.delay(SLOW_MS).await();
    assertDegraded("/probe/redis");
    redis.delay(0).await();
    assertRecovered("/probe/redis");
  }

  @Test
  void shouldAnswer503WhenPostgresIsSlowerThanTheDeadlinesAndKeepEveryAcknowledgedWrite() {
    assertThat(write().statusCode()).isEqualTo(201);
    // every PostgreSQL round trip takes at least 3 s, beyond the 1.5 s request deadline (and the 0.5 s pool wait for
    // a new connection, whose handshake is several round trips)
    postgres.delay(SLOW_MS).await();
    assertDegradedWrites();
    postgres.delay(0).await();
    assertRecoveredWrites();
  }

  private void assertDegraded(String path) {
    List<HttpResponse<Buffer>> answers = new ArrayList<>();
    for (int i = 0; i < REQUESTS_PER_PHASE; i++) {
      answers.add(client.get(path).send().await());
    }
    assertUnavailable(answers);
    assertNotReady();
  }

  private void assertDegradedWrites() {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < REQUESTS_PER_PHASE; i++) {
      sent.add(writeAsync());
    }
    Future.join(sent).await();
    List<HttpResponse<Buffer>> answers = sent.stream().map(Future::result).toList();
    for (HttpResponse<Buffer> answer : answers) {
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isIn(201, 503);
    }
    assertUnavailable(answers.stream().filter(a -> a.statusCode() == 503).toList());
    assertNotReady();
  }

  private static void assertUnavailable(List<HttpResponse<Buffer>> answers) {
    for (HttpResponse<Buffer> answer : answers) {
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(503);
      assertThat(answer.getHeader("Retry-After")).isNotNull();
      assertThat(answer.getHeader("Content-Type")).startsWith("application/problem+json");
    }
  }

  private void assertNotReady() {
    HttpResponse<Buffer> ready = client.get("/health/ready").send().await();
    assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(503);
    assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
  }

  private void assertRecovered(String path) {
    HttpResponse<Buffer> ready = untilReady(100);
    assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
    assertThat(client.get(path).send().await().statusCode()).isEqualTo(200);
    assertThat(unhandled).isEmpty();
  }

  private void assertRecoveredWrites() {
    HttpResponse<Buffer> ready = untilReady(100);
    assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
    assertThat(write().statusCode()).isEqualTo(201);
    String ids = String.join(",", acknowledged.stream().map(id -> "'" + id + "'").toList());
    assertThat(countRows(ids)).isEqualTo(acknowledged.size());
    assertThat(unhandled).isEmpty();
  }

  /** Asks readiness until it answers 200 (a bounded number of requests, each bounded by its checks' deadline). */
  private HttpResponse<Buffer> untilReady(int polls) {
    HttpResponse<Buffer> ready = client.get("/health/ready").send().await();
    for (int i = 1; i < polls && ready.statusCode() != 200; i++) {
      ready = client.get("/health/ready").send().await();
    }
    return ready;
  }

  private HttpResponse<Buffer> write() {
    return writeAsync().await();
  }

  private Future<HttpResponse<Buffer>> writeAsync() {
    UUID id = UUID.randomUUID();
    return client.request(HttpMethod.POST, "/probe/writes/" + id).send()
        .onSuccess(answer -> {
          if (answer.statusCode() == 201) {
            acknowledged.add(id);
          }
        });
  }

  private static long countRows(String ids) {
    try (var c = java.sql.DriverManager.getConnection(TestInfra.get().ownerUrl().jdbcUrl(),
        TestInfra.get().ownerUrl().user(), TestInfra.get().ownerUrl().password());
        var st = c.createStatement();
        var rs = st.executeQuery("SELECT count(*) FROM fault_probe WHERE id IN (" + ids + ")")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
