package io.olympus.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.common.event.Uuids;
import io.olympus.common.testing.ServiceHarness;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The verified-key cache: brief, and never past a key's expiry (a clock the test moves stands in for time). */
@ExtendWith(VertxExtension.class)
class ApiKeyVerifierTest {

  private static final String KEY = "olym_test_key";

  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
  private final AtomicInteger verifications = new AtomicInteger();
  private Instant expiresAt;

  @BeforeEach
  void setUp(Vertx vertx) {
    expiresAt = clock.instant().plusSeconds(2);
    // the auth service's answer: a valid key with its expiry (auth checks expiry itself with its own clock)
    // served through the contract's real adapter, counting the verifications that reach it
    AuthKeysBusAdapter.register(vertx, new AuthKeys() {
      @Override
      public Future<JsonObject> jwks() {
        return Future.succeededFuture(new JsonObject().put("keys", new io.vertx.core.json.JsonArray()));
      }

      @Override
      public Future<Principal> verifyApiKey(String key) {
        verifications.incrementAndGet();
        return Future.succeededFuture(new Principal(Uuids.v7(), Uuids.v7(), null, List.of(), List.of("products:read"),
            List.of(Principal.API_KEY_AMR), false, Uuids.v7().toString(), expiresAt));
      }
    });
  }

  @Test
  void shouldServeAVerifiedKeyFromTheCacheUntilItExpires(Vertx vertx) {
    ApiKeyVerifier verifier = new ApiKeyVerifier(vertx, ServiceHarness.bus(vertx), Duration.ofSeconds(30), clock);

    verifier.verify(KEY).await();
    verifier.verify(KEY).await();

    assertThat(verifications).hasValue(1);
  }

  @Test
  void shouldRefuseAnExpiredKeyAtOnceAlthoughItsVerificationWasCachedForLonger(Vertx vertx) {
    ApiKeyVerifier verifier = new ApiKeyVerifier(vertx, ServiceHarness.bus(vertx), Duration.ofSeconds(30), clock);
    Principal before = verifier.verify(KEY).await();

    clock.set(expiresAt);

    assertThat(before.expiresAt()).isEqualTo(expiresAt);
    assertThatThrownBy(() -> verifier.verify(KEY).await())
        .isInstanceOfAny(io.olympus.common.error.UnauthorizedException.class, CompletionException.class)
        .hasMessageContaining("Invalid API key");
  }

  @Test
  void shouldKeepAKeyWithoutExpiryForTheCachesLifetime(Vertx vertx) {
    expiresAt = null;
    ApiKeyVerifier verifier = new ApiKeyVerifier(vertx, ServiceHarness.bus(vertx), Duration.ofSeconds(30), clock);
    verifier.verify(KEY).await();

    clock.set(clock.instant().plus(Duration.ofDays(365)));

    assertThat(verifier.verify(KEY).await().expiresAt()).isNull();
  }

  /** A clock the test sets. */
  private static final class MovableClock extends Clock {

    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
