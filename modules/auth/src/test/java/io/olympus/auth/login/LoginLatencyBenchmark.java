package io.olympus.auth.login;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.config.AuthConfig;
import io.micrometer.core.instrument.Timer;
import io.olympus.auth.testing.AccountHarness;
import io.olympus.common.metrics.MetricsSupport;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A measurement loop, not a test (not picked up by the default surefire includes): sequential HTTP logins at the
 * default Argon2 parameters against the real stack (PostgreSQL, Redis), reporting p50/p95. Run with
 * {@code mvn -o -q -pl modules/auth -am verify -Dtest=LoginLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * It calls {@code await()} like a {@code main} does; nothing is asserted.
 */
class LoginLatencyBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(LoginLatencyBenchmark.class);

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @Test
  void measureLoginLatency() {
    int rounds = Integer.getInteger("rounds", 60);
    AuthConfig defaults = AuthConfig.defaults();
    // with metrics: the hasher's own timer tells each login's Argon2 time apart from the rest of it
    Vertx vertx = MetricsSupport.configure(Vertx.builder()).build();
    AccountHarness auth = new AccountHarness(vertx, MAIL).start(Map.of(
        "AUTH_ARGON2_MEMORY_KIB", Integer.toString(defaults.argon2MemoryKib()),
        "AUTH_ARGON2_ITERATIONS", Integer.toString(defaults.argon2Iterations()),
        "AUTH_ARGON2_PARALLELISM", Integer.toString(defaults.argon2Parallelism())));
    try {
      AccountHarness.tenant("bench");
      auth.signedIn("bench", "bench@example.com").await();
      for (int i = 0; i < 10; i++) {
        auth.login("bench", "bench@example.com", AccountHarness.PASSWORD).await();
      }
      Timer hash = MetricsSupport.registry().get("olympus.auth.password.hash").timer();
      List<Double> millis = new ArrayList<>();
      List<Double> outside = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        double hashedBefore = hash.totalTime(TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        int status = auth.login("bench", "bench@example.com", AccountHarness.PASSWORD).await().statusCode();
        double total = (System.nanoTime() - start) / 1e6;
        millis.add(total);
        outside.add(total - (hash.totalTime(TimeUnit.MILLISECONDS) - hashedBefore));
        if (status != 200) {
          throw new IllegalStateException("login answered " + status);
        }
      }
      Collections.sort(millis);
      Collections.sort(outside);
      LOG.info("login over HTTP, Argon2id m={} KiB t={} p={}, {} sequential logins: p50 {} ms, p95 {} ms, min {} ms, max {} ms",
          defaults.argon2MemoryKib(), defaults.argon2Iterations(), defaults.argon2Parallelism(), rounds,
          String.format("%.1f", millis.get(rounds / 2)), String.format("%.1f", millis.get((int) (rounds * 0.95))),
          String.format("%.1f", millis.get(0)), String.format("%.1f", millis.get(rounds - 1)));
      LOG.info("of which outside the Argon2 verification (login minus the hasher's own timing): p50 {} ms, p95 {} ms",
          String.format("%.1f", outside.get(rounds / 2)), String.format("%.1f", outside.get((int) (rounds * 0.95))));
    } finally {
      auth.stop();
      vertx.close().await();
    }
  }
}
