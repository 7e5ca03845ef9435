package io.olympus.common.http.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.audit.AuditLog;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.event.Uuids;
import io.olympus.common.http.ProblemHandler;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Idempotency keys over a real router and PostgreSQL (as the runtime role, row-level security on): each request's
 * change appends an audit entry in the tenant's transaction, and its answer carries a counter of executions, so a
 * replay that re-ran anything would show.
 */
@ExtendWith(VertxExtension.class)
class IdempotencyTest {

  private static final UUID TENANT_A = Uuids.v7();
  private static final UUID TENANT_B = Uuids.v7();

  private final AtomicInteger executions = new AtomicInteger();
  private Pool pool;
  private Pool owner;
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    owner = TestInfra.get().ownerPool(vertx);
    Idempotency idempotency = new Idempotency(pool, IdempotencyConfig.DEFAULTS);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.post("/things").handler(idempotency.handler(Idempotency.Mode.OPTIONAL, "POST createThing"))
        .handler(ctx -> createThing(ctx, idempotency));
    router.post("/orders").handler(idempotency.handler(Idempotency.Mode.REQUIRED, "POST createOrder"))
        .handler(ctx -> createThing(ctx, idempotency));
    router.route().failureHandler(new ProblemHandler());
    server = vertx.createHttpServer().requestHandler(router).listen(0).await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(server.actualPort()));
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close().await();
    pool.close().await();
    owner.close().await();
  }

  /** The change: one audit entry; {@code "fail": true} makes it fail after writing (its transaction rolls back). */
  private void createThing(RoutingContext ctx, Idempotency idempotency) {
    UUID tenant = UUID.fromString(ctx.request().getHeader("X-Tenant"));
    JsonObject body = ctx.body().asJsonObject();
    idempotency.run(ctx, tenant, conn -> AuditLog.append(conn, AuditLog.entry(tenant, "user", "tester",
            "thing.created", "thing", body.getString("name"), "{}", null, null))
        .compose(seq -> body.getBoolean("fail", false)
            ? Future.failedFuture(new ConflictException("refused after writing"))
            : Future.succeededFuture(HttpAnswer.created("/things/" + body.getString("name"),
                    new JsonObject().put("name", body.getString("name")).put("execution", executions.incrementAndGet()))
                .withHeader("ETag", "\"1\""))));
  }

  @Test
  void shouldReplayTheStoredAnswerByteForByteWithoutRunningTheChangeAgain() {
    HttpResponse<Buffer> first = post("/things", TENANT_A, "key-1", thing("lamp"));
    HttpResponse<Buffer> retry = post("/things", TENANT_A, "key-1", thing("lamp"));

    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    assertThat(first.getHeader(Idempotency.REPLAYED_HEADER)).isNull();
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.getHeader(Idempotency.REPLAYED_HEADER)).isEqualTo("true");
    assertThat(retry.body().getBytes()).isEqualTo(first.body().getBytes());
    assertThat(retry.getHeader("Location")).isEqualTo("/things/lamp");
    assertThat(retry.getHeader("ETag")).isEqualTo("\"1\"");
    assertThat(retry.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(executions).hasValue(1);
    assertThat(changes(TENANT_A)).isEqualTo(1);
  }

  @Test
  void shouldAnswer422ForTheSameKeyWithAnotherBody() {
    post("/things", TENANT_A, "key-1", thing("lamp"));

    HttpResponse<Buffer> other = post("/things", TENANT_A, "key-1", thing("desk"));

    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(other.bodyAsJsonObject().getString("type")).endsWith("idempotency-key-reused");
    assertThat(changes(TENANT_A)).isEqualTo(1);
  }

  @Test
  void shouldScopeAKeyToItsRoute() {
    assertThat(post("/things", TENANT_A, "key-1", thing("lamp")).statusCode()).isEqualTo(201);

    HttpResponse<Buffer> order = post("/orders", TENANT_A, "key-1", thing("desk"));

    assertThat(order.statusCode()).isEqualTo(201);
    assertThat(order.getHeader(Idempotency.REPLAYED_HEADER)).isNull();
    assertThat(changes(TENANT_A)).isEqualTo(2);
  }

  @Test
  void shouldStoreNothingForAFailedChangeSoThatARetryRunsIt() {
    HttpResponse<Buffer> failed = post("/things", TENANT_A, "key-1", thing("lamp").put("fail", true));
    assertThat(failed.statusCode()).isEqualTo(409);
    assertThat(keys(TENANT_A)).isZero();
    assertThat(changes(TENANT_A)).isZero();

    HttpResponse<Buffer> retried = post("/things", TENANT_A, "key-1", thing("lamp"));

    assertThat(retried.statusCode()).isEqualTo(201);
    assertThat(retried.getHeader(Idempotency.REPLAYED_HEADER)).isNull();
    assertThat(changes(TENANT_A)).isEqualTo(1);
  }

  @Test
  void shouldAnswer409WhileTheKeyIsInFlightAndLetALapsedClaimBeTakenOver() {
    post("/things", TENANT_A, "key-1", thing("lamp"));
    // as if the first request were still running (claimed, not completed)
    owner.query("UPDATE idempotency_keys SET status = 'in_flight', response_status = NULL, "
        + "locked_until = now() + interval '1 minute'").execute().await();

    HttpResponse<Buffer> inFlight = post("/things", TENANT_A, "key-1", thing("lamp"));
    assertThat(inFlight.statusCode()).isEqualTo(409);
    assertThat(inFlight.bodyAsJsonObject().getString("type")).endsWith("idempotency-key-in-flight");

    // ... and as if it had crashed: its claim lapses and a retry runs
    owner.query("UPDATE idempotency_keys SET locked_until = now() - interval '1 second'").execute().await();
    HttpResponse<Buffer> takenOver = post("/things", TENANT_A, "key-1", thing("lamp"));
    assertThat(takenOver.statusCode()).isEqualTo(201);
    assertThat(takenOver.getHeader(Idempotency.REPLAYED_HEADER)).isNull();
  }

  @Test
  void shouldAnswer409AtOnceWhileAnotherTransactionHoldsTheKeyAndStoreNothingUntilItCommits() {
    // as if a first request's transaction were still running: it holds the key's lock, its row is not committed yet
    io.vertx.sqlclient.SqlConnection first = owner.getConnection().await();
    first.query("BEGIN").execute().await();
    first.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended('olympus.idempotency:' || $1 || ':' || $2 || ':' "
        + "|| $3, 0))").execute(Tuple.of(TENANT_A.toString(), "POST createThing", "key-1")).await();

    HttpResponse<Buffer> concurrent = post("/things", TENANT_A, "key-1", thing("lamp"));
    HttpResponse<Buffer> otherKey = post("/things", TENANT_A, "key-2", thing("lamp"));

    assertThat(concurrent.statusCode()).as(concurrent.bodyAsString()).isEqualTo(409);
    assertThat(concurrent.bodyAsJsonObject().getString("type")).endsWith("idempotency-key-in-flight");
    assertThat(otherKey.statusCode()).isEqualTo(201);
    assertThat(executions).hasValue(1);
    assertThat(changes(TENANT_A)).isEqualTo(1);
    assertThat(keys(TENANT_A)).isEqualTo(1);

    first.query("ROLLBACK").execute().await();
    first.close().await();
    HttpResponse<Buffer> after = post("/things", TENANT_A, "key-1", thing("lamp"));
    assertThat(after.statusCode()).isEqualTo(201);
    assertThat(after.getHeader(Idempotency.REPLAYED_HEADER)).isNull();
    assertThat(changes(TENANT_A)).isEqualTo(2);
  }

  @Test
  void shouldLetAnExpiredKeyBeUsedAgainAndSweepOnlyExpiredKeys() {
    post("/things", TENANT_A, "old", thing("lamp"));
    post("/things", TENANT_A, "fresh", thing("desk"));
    owner.query("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE idempotency_key = 'old'")
        .execute().await();

    HttpResponse<Buffer> reused = post("/things", TENANT_A, "old", thing("chair"));
    assertThat(reused.statusCode()).isEqualTo(201);
    assertThat(reused.getHeader(Idempotency.REPLAYED_HEADER)).isNull();
    assertThat(reused.bodyAsJsonObject().getString("name")).isEqualTo("chair");

    owner.query("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE idempotency_key = 'old'")
        .execute().await();
    assertThat(IdempotencyKeySweeper.sweep(pool).await()).isEqualTo(1);
    assertThat(keys(TENANT_A)).isEqualTo(1);
  }

  @Test
  void shouldKeepTenantsApart() {
    HttpResponse<Buffer> a = post("/things", TENANT_A, "key-1", thing("lamp"));
    HttpResponse<Buffer> b = post("/things", TENANT_B, "key-1", thing("lamp"));

    assertThat(a.statusCode()).isEqualTo(201);
    assertThat(b.statusCode()).isEqualTo(201);
    assertThat(b.getHeader(Idempotency.REPLAYED_HEADER)).isNull();
    assertThat(changes(TENANT_A)).isEqualTo(1);
    assertThat(changes(TENANT_B)).isEqualTo(1);
    // row-level security: a tenant's transaction sees only its own keys, even without filtering by tenant
    long seenByB = Tenancy.inTenant(pool, TENANT_B, conn -> conn.query("SELECT count(*) FROM idempotency_keys")
        .execute().map(rows -> rows.iterator().next().getLong(0))).await();
    assertThat(seenByB).isEqualTo(1);
    long withoutTenant = pool.query("SELECT count(*) FROM idempotency_keys").execute().await()
        .iterator().next().getLong(0);
    assertThat(withoutTenant).isZero();
  }

  @Test
  void shouldAnswer400NamingTheHeaderForAMissingRequiredKeyOrABadOne() {
    assertThat(field(client.post("/orders").putHeader("X-Tenant", TENANT_A.toString())
        .sendJsonObject(thing("lamp")).await())).isEqualTo(Idempotency.HEADER);
    for (String bad : List.of("x".repeat(256), "tab\tkey", "")) {
      assertThat(field(post("/things", TENANT_A, bad, thing("lamp")))).as(bad).isEqualTo(Idempotency.HEADER);
    }
    assertThat(post("/things", TENANT_A, "k".repeat(255), thing("lamp")).statusCode()).isEqualTo(201);
    assertThat(changes(TENANT_A)).isEqualTo(1);
  }

  @Test
  void shouldRunAnOptionalRouteWithoutAKeyEveryTime() {
    client.post("/things").putHeader("X-Tenant", TENANT_A.toString()).sendJsonObject(thing("lamp")).await();
    client.post("/things").putHeader("X-Tenant", TENANT_A.toString()).sendJsonObject(thing("lamp")).await();

    assertThat(changes(TENANT_A)).isEqualTo(2);
    assertThat(keys(TENANT_A)).isZero();
  }

  private HttpResponse<Buffer> post(String path, UUID tenant, String key, JsonObject body) {
    return client.post(path).putHeader("X-Tenant", tenant.toString()).putHeader(Idempotency.HEADER, key)
        .sendJsonObject(body).await();
  }

  private static JsonObject thing(String name) {
    return new JsonObject().put("name", name);
  }

  private long changes(UUID tenant) {
    return owner.preparedQuery("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'thing.created'")
        .execute(Tuple.of(tenant)).await().iterator().next().getLong(0);
  }

  private long keys(UUID tenant) {
    return owner.preparedQuery("SELECT count(*) FROM idempotency_keys WHERE tenant_id = $1")
        .execute(Tuple.of(tenant)).await().iterator().next().getLong(0);
  }

  private static String field(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    return response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field");
  }
}
