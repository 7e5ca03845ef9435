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

@ExtendWith(VertxExtension.class)
class RateLimiterTest {

  private static final long HOUR = 3600;

  private Redis redis;
  private RateLimiter limiter;

  @BeforeEach
  void setUp(Vertx vertx) {
    redis = RedisClients.create(vertx, TestInfra.get().redisUrl(), 2);
    limiter = new RateLimiter(redis);
  }

  @AfterEach
  void tearDown() {
    redis.close();
  }

  @Test
  void shouldRefuseHitsBeyondTheLimitAndCountKeysApart() {
    // an hour's window: the five hits almost never straddle a window boundary, which would restart the count
    String key = "test:" + Uuids.v7();

    RateLimiter.Outcome first = limiter.hit(key, 3, HOUR).await();
    limiter.hit(key, 3, HOUR).await();
    RateLimiter.Outcome third = limiter.hit(key, 3, HOUR).await();
    RateLimiter.Outcome fourth = limiter.hit(key, 3, HOUR).await();
    RateLimiter.Outcome other = limiter.hit(key + ":other", 3, HOUR).await();

    assertThat(first.allowed()).isTrue();
    assertThat(first.remaining()).isEqualTo(2);
    assertThat(third.allowed()).isTrue();
    assertThat(third.remaining()).isZero();
    assertThat(fourth.allowed()).isFalse();
    assertThat(fourth.resetSeconds()).isBetween(1L, HOUR);
    assertThat(other.allowed()).isTrue();
  }

  @Test
  void shouldLetRequestsThroughWhenRedisIsDown() throws Exception {
    var embedded = TestInfra.get().embeddedRedis();
    org.junit.jupiter.api.Assumptions.assumeTrue(embedded.isPresent(), "needs the embedded Redis to stop it");
    embedded.get().stop();
    try {
      RateLimiter.Outcome outcome = limiter.hit("test:" + Uuids.v7(), 1, 60).await();
      assertThat(outcome.allowed()).isTrue();
    } finally {
      embedded.get().restart();
    }
  }
}
