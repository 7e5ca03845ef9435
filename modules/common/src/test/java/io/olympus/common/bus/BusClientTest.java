package io.olympus.common.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.UnavailableException;
import io.olympus.common.health.HealthRegistry;
import io.olympus.common.http.ProblemHandler;
import io.olympus.common.metrics.MetricsSupport;
import io.olympus.common.tenant.TenantAddresses;
import io.olympus.common.tenant.TenantClient;
import io.olympus.common.tenant.TenantInfo;
import io.olympus.common.tenant.TenantResolver;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The circuit breaker every event-bus request goes through, on a real event bus: a peer that stops answering costs
 * the first requests the short deadline, then the breaker opens and requests fail at once without reaching it (503 +
 * {@code Retry-After} on an HTTP route); after the reset time one probe closes it again; a business answer (404) is
 * not a failure; the tenant cache serves the last known tenant while the platform is gone.
 */
@ExtendWith(VertxExtension.class)
class BusClientTest {

  private static final BusClient.Settings SETTINGS = new BusClient.Settings(200, 3, 400, 60);

  private HealthRegistry registry;
  private BusClient bus;
  private String address;

  @BeforeEach
  void setUp(Vertx vertx) {
    registry = new HealthRegistry();
    bus = new BusClient(vertx, SETTINGS, registry);
    address = "test.breaker." + UUID.randomUUID();
  }

  @Test
  void silentPeerOpensTheBreakerAfterTheThresholdAndFurtherRequestsFailWithoutReachingIt(Vertx vertx) {
    AtomicInteger hits = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(address, msg -> hits.incrementAndGet()); // never replies

    for (int i = 0; i < SETTINGS.maxFailures(); i++) {
      Throwable err = catchThrowable(() -> bus.request(address, new JsonObject()).await());
      assertThat(err).isInstanceOf(UnavailableException.class).hasMessageContaining("did not answer within 200 ms");
    }
    assertThat(hits).hasValue(SETTINGS.maxFailures());
    assertThat(bus.state(address)).isEqualTo(CircuitBreakerState.OPEN);

    for (int i = 0; i < 10; i++) {
      Throwable err = catchThrowable(() -> bus.request(address, new JsonObject()).await());
      assertThat(err).isInstanceOf(UnavailableException.class).hasMessageContaining("circuit open");
      assertThat(((UnavailableException) err).retryAfterSeconds()).isEqualTo(1);
    }
    assertThat(hits).as("open: nothing reaches the peer").hasValue(SETTINGS.maxFailures());
    assertThat(bus.rejected(address)).isEqualTo(10);
    assertThat(bus.failures(address)).isEqualTo(SETTINGS.maxFailures());
  }

  @Test
  void anAddressWithoutHandlersOpensTheBreakerToo() {
    for (int i = 0; i < SETTINGS.maxFailures(); i++) {
      Throwable err = catchThrowable(() -> bus.request(address, new JsonObject()).await());
      assertThat(err).isInstanceOf(UnavailableException.class).hasMessageContaining("is not running");
    }
    assertThat(bus.state(address)).isEqualTo(CircuitBreakerState.OPEN);
  }

  @Test
  void afterTheResetTimeOneProbeToAHealthyPeerClosesTheBreaker(Vertx vertx) {
    MessageConsumer<JsonObject> silent = vertx.eventBus().consumer(address, msg -> { });
    for (int i = 0; i < SETTINGS.maxFailures(); i++) {
      catchThrowable(() -> bus.request(address, new JsonObject()).await());
    }
    assertThat(bus.state(address)).isEqualTo(CircuitBreakerState.OPEN);
    silent.unregister().await();
    AtomicInteger hits = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(address, msg -> {
      hits.incrementAndGet();
      msg.reply(new JsonObject().put("ok", true));
    });

    awaitState(vertx, CircuitBreakerState.HALF_OPEN);
    JsonObject answer = bus.request(address, new JsonObject()).await();

    assertThat(answer.getBoolean("ok")).isTrue();
    assertThat(hits).hasValue(1);
    assertThat(bus.state(address)).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(bus.request(address, new JsonObject()).await().getBoolean("ok")).isTrue();
  }

  @Test
  void businessFailuresAreAnswersAndNeverOpenTheBreaker(Vertx vertx) {
    AtomicInteger hits = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(address, msg -> {
      hits.incrementAndGet();
      BusErrors.fail(msg, new NotFoundException("no such thing"));
    });

    for (int i = 0; i < SETTINGS.maxFailures() * 4; i++) {
      Throwable err = catchThrowable(() -> bus.request(address, new JsonObject()).await());
      assertThat(err).isInstanceOf(NotFoundException.class).hasMessageContaining("no such thing");
    }

    assertThat(hits).hasValue(SETTINGS.maxFailures() * 4);
    assertThat(bus.state(address)).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(bus.failures(address)).isZero();
  }

  @Test
  void anHttpRouteBehindAnOpenBreakerAnswers503WithRetryAfter(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/lookup").handler(ctx -> bus.request(address, new JsonObject())
        .onSuccess(body -> ctx.json(body))
        .onFailure(ctx::fail));
    router.route().failureHandler(new ProblemHandler());
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    WebClient client = WebClient.create(vertx);
    AtomicInteger hits = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(address, msg -> hits.incrementAndGet());

    for (int i = 0; i < SETTINGS.maxFailures(); i++) {
      HttpResponse<Buffer> slow = client.get(server.actualPort(), "127.0.0.1", "/lookup").send().await();
      assertThat(slow.statusCode()).isEqualTo(503);
      assertThat(slow.getHeader("Retry-After")).isEqualTo("1");
    }
    HttpResponse<Buffer> fast = client.get(server.actualPort(), "127.0.0.1", "/lookup").send().await();

    assertThat(fast.statusCode()).isEqualTo(503);
    assertThat(fast.getHeader("Retry-After")).isEqualTo("1");
    assertThat(fast.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(fast.bodyAsJsonObject().getString("detail")).contains("circuit open");
    assertThat(hits).hasValue(SETTINGS.maxFailures());
  }

  @Test
  void anOpenBreakerShowsInMetricsAndReadinessWhichStaysUp(Vertx vertx) {
    for (int i = 0; i < SETTINGS.maxFailures() + 2; i++) {
      catchThrowable(() -> bus.request(address, new JsonObject()).await());
    }

    String scrape = MetricsSupport.registry().scrape();
    assertThat(scrape).contains("olympus_bus_breaker_state{address=\"" + address + "\"} 1.0");
    assertThat(scrape).contains("olympus_bus_breaker_rejected_total{address=\"" + address + "\"} 2.0");
    assertThat(scrape).contains("olympus_bus_breaker_failures_total{address=\"" + address + "\"} 3.0");
    Promise<Status> health = Promise.promise();
    registry.checks().get(BusClient.HEALTH_CHECK).procedure().handle(health);
    Status status = health.future().await();
    assertThat(status.isOk()).isTrue();
    assertThat(status.getData().getJsonArray("not_closed").getJsonObject(0).getMap())
        .containsEntry("address", address).containsEntry("state", "open");
  }

  @Test
  void tenantResolutionServesTheLastKnownTenantWhileThePlatformIsGoneAndRefusesUnknownOnes(Vertx vertx) {
    TenantInfo acme = new TenantInfo(UUID.randomUUID(), "acme", "Acme", "pro", "active", 600);
    AtomicInteger lookups = new AtomicInteger();
    MessageConsumer<JsonObject> platform = vertx.eventBus().consumer(TenantAddresses.RESOLVE, msg -> {
      lookups.incrementAndGet();
      if ("acme".equals(msg.body().getString("slug"))) {
        msg.reply(acme.toJson());
      } else {
        BusErrors.fail(msg, new NotFoundException("no tenant"));
      }
    });
    // a TTL that has always run out: every lookup asks the platform, so only the last known value can answer
    TenantResolver resolver = new TenantResolver(vertx, new TenantClient(bus), Duration.ofNanos(1),
        Duration.ofMinutes(1), 100);
    assertThat(resolver.bySlug("acme").await()).isEqualTo(acme);
    assertThat(catchThrowable(() -> resolver.bySlug("ghost").await())).isInstanceOf(NotFoundException.class);
    platform.unregister().await();

    for (int i = 0; i < SETTINGS.maxFailures() + 3; i++) {
      assertThat(resolver.bySlug("acme").await()).isEqualTo(acme);
    }
    Throwable unknown = catchThrowable(() -> resolver.bySlug("globex").await());

    assertThat(unknown).isInstanceOf(UnavailableException.class);
    assertThat(bus.state(TenantAddresses.RESOLVE)).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(lookups).hasValue(2);
    resolver.invalidate(acme.id());
    assertThat(catchThrowable(() -> resolver.bySlug("acme").await()))
        .as("a tenant event drops the last known value too").isInstanceOf(UnavailableException.class);
  }

  @Test
  void anOutgoingCallThatHangsTimesOutThenItsBreakerFailsFastWithoutCallingIt() {
    AtomicInteger calls = new AtomicInteger();
    String name = "smtp-" + UUID.randomUUID();
    for (int i = 0; i < SETTINGS.maxFailures(); i++) {
      Throwable err = catchThrowable(() -> bus.<Void>guard(name, 100, () -> {
        calls.incrementAndGet();
        return Promise.<Void>promise().future(); // never completes
      }).await());
      assertThat(err).isInstanceOf(UnavailableException.class).hasMessageContaining("did not answer within 100 ms");
    }
    Throwable fast = catchThrowable(() -> bus.<Void>guard(name, 100, () -> {
      calls.incrementAndGet();
      return Future.succeededFuture();
    }).await());

    assertThat(fast).isInstanceOf(UnavailableException.class).hasMessageContaining("circuit open");
    assertThat(calls).hasValue(SETTINGS.maxFailures());
    assertThat(bus.state(name)).isEqualTo(CircuitBreakerState.OPEN);
  }

  /** Waits (on timers, not by sleeping) until the address's breaker reaches {@code state}. */
  private void awaitState(Vertx vertx, CircuitBreakerState state) {
    for (int i = 0; i < 200 && bus.state(address) != state; i++) {
      vertx.timer(20).await();
    }
    assertThat(bus.state(address)).isEqualTo(state);
  }
}
