package io.olympus.auth.password.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.olympus.auth.config.AuthConfig;
import io.olympus.common.error.UnavailableException;
import io.olympus.common.metrics.MetricsSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PasswordHasherTest {

  private static final String DEFAULT_PASSWORD = "correct horse battery staple";

  @Test
  void shouldHashWithArgon2idAndVerifyAtDefaultParameters(Vertx vertx, VertxTestContext ctx) {
    PasswordHasher hasher = new PasswordHasher(vertx, AuthConfig.defaults());
    hasher.hash(DEFAULT_PASSWORD)
        .compose(hash -> Future.all(hasher.verify(hash, DEFAULT_PASSWORD), hasher.verify(hash, "wrong password!!"))
            .map(all -> {
              ctx.verify(() -> {
                assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
                assertThat(all.<Boolean>resultAt(0)).isTrue();
                assertThat(all.<Boolean>resultAt(1)).isFalse();
                assertThat(hasher.needsRehash(hash)).isFalse();
              });
              return hash;
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void shouldAskForRehashWhenParametersChangedAndVerifyTheNewHash(Vertx vertx, VertxTestContext ctx) {
    PasswordHasher weak = new PasswordHasher(vertx, AuthConfig.defaults().withArgon2(8_192, 1, 1));
    PasswordHasher current = new PasswordHasher(vertx, AuthConfig.defaults());
    weak.hash(DEFAULT_PASSWORD)
        .compose(oldHash -> current.verify(oldHash, DEFAULT_PASSWORD)
            .compose(matches -> {
              ctx.verify(() -> {
                assertThat(matches).isTrue();
                assertThat(current.needsRehash(oldHash)).isTrue();
              });
              return current.hash(DEFAULT_PASSWORD);
            }))
        .compose(newHash -> current.verify(newHash, DEFAULT_PASSWORD)
            .map(matches -> {
              ctx.verify(() -> {
                assertThat(matches).isTrue();
                assertThat(current.needsRehash(newHash)).isFalse();
              });
              return matches;
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void shouldHashOnThreadsWithTheConfiguredLowerPriority(Vertx vertx, VertxTestContext ctx) {
    // 19 is the lowest priority: a thread may always lower its own, whatever nice value the build runs at
    PasswordHasher hasher = new PasswordHasher(vertx, AuthConfig.from(new io.vertx.core.json.JsonObject()
        .put("AUTH_HASH_WORKERS", "1").put("AUTH_HASH_THREAD_NICE", "19")));
    hasher.hash(DEFAULT_PASSWORD)
        // the pool is shared by name: with one worker, this runs on the thread that just hashed
        .compose(hash -> vertx.createSharedWorkerExecutor(PasswordHasher.POOL_NAME, 1)
            .executeBlocking(() -> niceOfThisThread(), false))
        .onComplete(ctx.succeeding(nice -> ctx.verify(() -> {
          assertThat(nice).isEqualTo(19);
          ctx.completeNow();
        })));
  }

  /** Field 19 of /proc/thread-self/stat (Linux): the calling thread's nice value. */
  private static int niceOfThisThread() throws java.io.IOException {
    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
    String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(afterName[19 - 3]);
  }

  @Test
  void shouldAnswerFalseForDummyVerification(Vertx vertx, VertxTestContext ctx) {
    PasswordHasher hasher = new PasswordHasher(vertx, AuthConfig.defaults());
    hasher.verifyDummy(DEFAULT_PASSWORD)
        .onComplete(ctx.succeeding(matches -> ctx.verify(() -> {
          assertThat(matches).isFalse();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseWith503WhenHashingIsSaturated(Vertx vertx, VertxTestContext ctx) {
    PasswordHasher hasher = new PasswordHasher(vertx, AuthConfig.defaults().withHashPool(1, 1));
    Future<String> first = hasher.hash(DEFAULT_PASSWORD);
    Future<String> second = hasher.hash(DEFAULT_PASSWORD);
    Future<String> third = hasher.hash(DEFAULT_PASSWORD);
    ctx.verify(() -> {
      assertThat(hasher.inFlight()).isEqualTo(2);
      assertThat(third.failed()).isTrue();
      assertThat(third.cause()).isInstanceOf(UnavailableException.class);
      UnavailableException refused = (UnavailableException) third.cause();
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    });
    Future.all(first, second)
        .compose(done -> hasher.hash(DEFAULT_PASSWORD))
        .onComplete(ctx.succeeding(hash -> ctx.verify(() -> {
          assertThat(hasher.inFlight()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldTimeEveryHashOnItsThreadAndCountRefusals() {
    Vertx metered = MetricsSupport.configure(Vertx.builder()).build();
    try {
      PasswordHasher hasher = new PasswordHasher(metered, AuthConfig.defaults().withHashPool(1, 0));
      Timer hashes = MetricsSupport.registry().get("olympus.auth.password.hash").timer();
      Timer waits = MetricsSupport.registry().get("olympus.auth.password.hash.wait").timer();
      Counter refusals = MetricsSupport.registry().get("olympus.auth.password.hash.rejected").counter();
      long hashesBefore = hashes.count();
      long waitsBefore = waits.count();
      double refusalsBefore = refusals.count();

      Future<String> admitted = hasher.hash(DEFAULT_PASSWORD);
      Future<String> refused = hasher.hash(DEFAULT_PASSWORD);
      String hash = admitted.await();
      assertThat(hasher.verify(hash, DEFAULT_PASSWORD).await()).isTrue();

      assertThat(refused.failed()).isTrue();
      assertThat(hashes.count() - hashesBefore).isEqualTo(2);
      assertThat(waits.count() - waitsBefore).isEqualTo(2);
      assertThat(refusals.count() - refusalsBefore).isEqualTo(1.0);
      assertThat(hashes.max(TimeUnit.MICROSECONDS)).as("an Argon2id hash at the default cost takes time").isPositive();
    } finally {
      metered.close().await();
    }
  }
}
