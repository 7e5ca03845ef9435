package io.olympus.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.event.Uuids;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Budgets counted in each process and reconciled through the real Redis: what one process counted, the other sees. */
@ExtendWith(VertxExtension.class)
class LocalBudgetsTest {

  private Redis redis;
  private LocalBudgets one;
  private LocalBudgets two;

  @BeforeEach
  void setUp(Vertx vertx) {
    redis = RedisClients.create(vertx, TestInfra.get().redisUrl(), 2);
    // not started: each test reconciles when it says so
    one = new LocalBudgets(vertx, redis, 60_000);
    two = new LocalBudgets(vertx, redis, 60_000);
  }

  @AfterEach
  void tearDown() {
    redis.close();
  }

  @Test
  void shouldCountExactlyInOneProcessWithoutRedis() {
    String key = "tenant:" + Uuids.v7();

    RateLimiter.Outcome first = one.hit(key, 2, 60);
    RateLimiter.Outcome second = one.hit(key, 2, 60);
    RateLimiter.Outcome third = one.hit(key, 2, 60);

    assertThat(first.remaining()).isEqualTo(1);
    assertThat(second.allowed()).isTrue();
    assertThat(third.allowed()).isFalse();
  }

  @Test
  void shouldSeeTheOtherProcessesHitsAfterReconciling() {
    String key = "tenant:" + Uuids.v7();
    for (int i = 0; i < 3; i++) {
      one.hit(key, 10, 60);
    }
    two.hit(key, 10, 60);

    one.reconcile().await();
    two.reconcile().await();
    RateLimiter.Outcome seenByTwo = two.hit(key, 10, 60);
    two.reconcile().await();
    one.reconcile().await();
    RateLimiter.Outcome seenByOne = one.hit(key, 10, 60);

    // two: one's 3 + its own 1 + this hit = 5; one: those 5 + this hit = 6
    assertThat(seenByTwo.remaining()).isEqualTo(5);
    assertThat(seenByOne.remaining()).isEqualTo(4);
  }

  @Test
  void shouldOverAdmitAtMostWhatTheOtherProcessAdmittedSinceItsLastReconciliation() {
    String key = "tenant:" + Uuids.v7();
    int admitted = 0;
    for (int i = 0; i < 4; i++) {
      admitted += one.hit(key, 4, 60).allowed() ? 1 : 0;
      admitted += two.hit(key, 4, 60).allowed() ? 1 : 0;
    }
    one.reconcile().await();
    two.reconcile().await();
    one.reconcile().await();

    // unreconciled, each process admitted up to the limit on its own: over-admission (P - 1) × limit at most
    assertThat(admitted).isEqualTo(8);
    assertThat(one.hit(key, 4, 60).allowed()).isFalse();
    assertThat(two.hit(key, 4, 60).allowed()).isFalse();
  }
}
