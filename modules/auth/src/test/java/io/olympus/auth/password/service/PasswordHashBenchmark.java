package io.olympus.auth.password.service;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import io.olympus.auth.config.AuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny measurement loop (not a JMH benchmark): Argon2id hash time per call on one core at the configured
 * parameters, then the throughput of {@link PasswordHasher} with its worker pool sized to the cores. Reported,
 * never asserted.
 */
public final class PasswordHashBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(PasswordHashBenchmark.class);

  private PasswordHashBenchmark() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    AuthConfig config = AuthConfig.defaults();
    Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
    for (int i = 0; i < 5; i++) {
      argon2.hash(config.argon2Iterations(), config.argon2MemoryKib(), config.argon2Parallelism(), "warm-up password".toCharArray());
    }
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      argon2.hash(config.argon2Iterations(), config.argon2MemoryKib(), config.argon2Parallelism(), ("benchmark password " + i).toCharArray());
    }
    double msPerHash = (System.nanoTime() - start) / 1e6 / rounds;
    LOG.info("Argon2id m={} KiB t={} p={}: {} ms per hash on one core ({} hashes/s/core)", config.argon2MemoryKib(),
        config.argon2Iterations(), config.argon2Parallelism(), String.format("%.1f", msPerHash), Math.round(1000 / msPerHash));

    Vertx vertx = Vertx.vertx();
    int cores = Runtime.getRuntime().availableProcessors();
    int total = rounds * cores;
    PasswordHasher hasher = new PasswordHasher(vertx, config.withHashPool(cores, total));
    hasher.verifyDummy("warm-up").await();
    long poolStart = System.nanoTime();
    List<Future<String>> all = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      all.add(hasher.hash("benchmark password " + i));
    }
    Future.all(all).await();
    double seconds = (System.nanoTime() - poolStart) / 1e9;
    LOG.info("PasswordHasher with {} workers on {} cores: {} hashes in {} s = {} hashes/s", cores, cores, total,
        String.format("%.2f", seconds), Math.round(total / seconds));
    hasher.close().await();
    vertx.close().await();
  }
}
