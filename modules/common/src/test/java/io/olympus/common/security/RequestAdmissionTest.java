package io.olympus.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.error.UnavailableException;
import io.olympus.common.event.Uuids;
import io.olympus.common.ratelimit.LocalBudgets;
import io.olympus.common.ratelimit.RateLimiter;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.testing.TestInfra;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Session revocation and the plan budget without a Redis round trip, against the real Redis behind them. */
@ExtendWith(VertxExtension.class)
class RequestAdmissionTest {

  private Redis redis;
  private RevocationFeed feed;
  private LocalBudgets budgets;
  private RequestAdmission admission;
  private RedisSessionRevocations revocations;

  @BeforeEach
  void setUp(Vertx vertx) {
    redis = RedisClients.create(vertx, TestInfra.get().redisUrl(), 2);
    feed = new RevocationFeed(vertx, redis, RedisClients.options(TestInfra.get().redisUrl(), 1, "test-revocations"),
        100, 500);
    feed.start().await();
    budgets = new LocalBudgets(vertx, redis, 100).start();
    admission = new RequestAdmission(feed, budgets);
    revocations = new RedisSessionRevocations(redis, feed);
  }

  @AfterEach
  void tearDown() {
    budgets.stop();
    feed.stop().await();
    redis.close();
  }

  @Test
  void shouldCountHitsOnTheTenantBudgetAndRefuseBeyondIt() {
    TenantInfo tenant = tenant(2);

    RateLimiter.Outcome first = admission.admit(user(tenant), tenant).await();
    RateLimiter.Outcome second = admission.admit(user(tenant), tenant).await();
    RateLimiter.Outcome third = admission.admit(user(tenant), tenant).await();

    assertThat(first.allowed()).isTrue();
    assertThat(first.remaining()).isEqualTo(1);
    assertThat(second.allowed()).isTrue();
    assertThat(third.allowed()).isFalse();
    assertThat(third.limit()).isEqualTo(2);
    assertThat(third.resetSeconds()).isBetween(1L, 60L);
  }

  @Test
  void shouldRefuseARevokedSessionAtOnceWithoutSpendingTheBudget() {
    TenantInfo tenant = tenant(5);
    Principal revoked = user(tenant);
    admission.admit(revoked, tenant).await();
    revocations.revoke(revoked.sessionId(), Duration.ofMinutes(5)).await();

    assertThatThrownBy(() -> admission.admit(revoked, tenant).await())
        .isInstanceOf(UnauthorizedException.class)
        .hasMessage("Session revoked");
    RateLimiter.Outcome other = admission.admit(user(tenant), tenant).await();

    // the revoked request's hit was taken back: 1 before it, 2 with the other user's
    assertThat(other.remaining()).isEqualTo(3);
  }

  @Test
  void shouldCheckTheSessionOfATenantWithoutBudgetAndLeaveApiKeysUncounted() {
    TenantInfo unlimited = tenant(0);
    Principal revoked = user(unlimited);
    revocations.revoke(revoked.sessionId(), Duration.ofMinutes(5)).await();

    assertThat(admission.admit(user(unlimited), unlimited).await()).isNull();
    assertThatThrownBy(() -> admission.admit(revoked, unlimited).await()).isInstanceOf(UnauthorizedException.class);
    assertThat(admission.admit(apiKey(unlimited), unlimited).await()).isNull();
    TenantInfo limited = tenant(3);
    assertThat(admission.admit(apiKey(limited), limited).await().remaining()).isEqualTo(2);
  }

  @Test
  void shouldFailClosedForSessionsOnceTheRevocationsAreTooOldAndOpenForApiKeysWhenRedisIsDown(Vertx vertx) throws Exception {
    var embedded = TestInfra.get().embeddedRedis();
    Assumptions.assumeTrue(embedded.isPresent(), "needs the embedded Redis to stop it");
    TenantInfo tenant = tenant(3);
    embedded.get().stop();
    try {
      // the local copy may be used for its maximum staleness (500 ms here), then sessions are refused with a 503
      Throwable refused = untilRefused(vertx, () -> admission.admit(user(tenant), tenant), System.nanoTime() + 10_000_000_000L);
      assertThat(refused).isInstanceOf(UnavailableException.class);
      // the budget is counted in the process: API keys (no session) still get in, within it
      TenantInfo other = tenant(3);
      RateLimiter.Outcome key = admission.admit(apiKey(other), other).await();
      assertThat(key.allowed()).isTrue();
    } finally {
      embedded.get().restart();
    }
  }

  @Test
  void shouldRefuseAPrincipalOverItsShareWhileOthersOfTheTenantStillGetIn() {
    RequestAdmission shared = new RequestAdmission(feed, budgets, 50);
    TenantInfo tenant = tenant(4);
    Principal greedy = user(tenant);
    Principal other = user(tenant);

    RateLimiter.Outcome first = shared.admit(greedy, tenant).await();
    RateLimiter.Outcome second = shared.admit(greedy, tenant).await();
    RateLimiter.Outcome third = shared.admit(greedy, tenant).await();
    RateLimiter.Outcome fourth = shared.admit(greedy, tenant).await();
    RateLimiter.Outcome otherFirst = shared.admit(other, tenant).await();
    RateLimiter.Outcome otherSecond = shared.admit(other, tenant).await();

    assertThat(first.allowed()).isTrue();
    assertThat(second.allowed()).isTrue();
    assertThat(third.allowed()).isFalse();
    assertThat(third.limit()).isEqualTo(2);
    assertThat(fourth.allowed()).isFalse();
    // the greedy principal's refused requests did not charge the tenant: the other principal has its full share
    assertThat(otherFirst.allowed()).isTrue();
    assertThat(otherSecond.allowed()).isTrue();
  }

  @Test
  void shouldGiveEachApiKeyItsOwnShare() {
    RequestAdmission shared = new RequestAdmission(feed, budgets, 50);
    TenantInfo tenant = tenant(2);
    Principal key = apiKey(tenant);
    Principal sameUsersOtherKey = new Principal(key.userId(), tenant.id(), null, List.of(), List.of(),
        List.of(Principal.API_KEY_AMR), false, Uuids.v7().toString(), null);

    RateLimiter.Outcome first = shared.admit(key, tenant).await();
    RateLimiter.Outcome second = shared.admit(key, tenant).await();
    RateLimiter.Outcome otherKey = shared.admit(sameUsersOtherKey, tenant).await();

    assertThat(first.allowed()).isTrue();
    assertThat(second.allowed()).isFalse();
    assertThat(otherKey.allowed()).isTrue();
  }

  /** Admits until the admission fails or the deadline passes (polling, never asserting time); the failure, or null. */
  static Throwable untilRefused(Vertx vertx, Supplier<Future<?>> admit, long deadlineNanos) {
    return poll(vertx, admit, deadlineNanos).await();
  }

  private static Future<Throwable> poll(Vertx vertx, Supplier<Future<?>> admit, long deadlineNanos) {
    return admit.get()
        .map(admitted -> (Throwable) null)
        .otherwise(err -> err)
        .compose(err -> err != null || System.nanoTime() > deadlineNanos
            ? Future.succeededFuture(err)
            : vertx.timer(2).compose(t -> poll(vertx, admit, deadlineNanos)));
  }

  private static TenantInfo tenant(int perMinute) {
    UUID id = Uuids.v7();
    return new TenantInfo(id, "t-" + id, "Tenant", "test", "active", perMinute);
  }

  private static Principal user(TenantInfo tenant) {
    return new Principal(Uuids.v7(), tenant.id(), Uuids.v7(), List.of(), List.of(), List.of("pwd"), true,
        Uuids.v7().toString(), Instant.now().plusSeconds(600));
  }

  private static Principal apiKey(TenantInfo tenant) {
    return new Principal(Uuids.v7(), tenant.id(), null, List.of(), List.of(), List.of(Principal.API_KEY_AMR), false,
        Uuids.v7().toString(), null);
  }
}
