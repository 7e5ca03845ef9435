package io.olympus.auth.password.service;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.olympus.auth.config.AuthConfig;
import io.olympus.common.error.UnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.micrometer.backends.BackendRegistries;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Argon2id password hashing on a small dedicated worker pool (never an event loop), behind an admission
 * limit: when the hashes running plus waiting reach {@code workers + queue}, new requests fail at once
 * with {@link UnavailableException} (503, retry after 1 s) instead of queueing without bound, so a login
 * flood cannot starve the rest of the process nor grow latency without limit. The hashing threads run at a
 * lowered priority ({@code AUTH_HASH_THREAD_NICE}, see {@link HashThreadPriority}) so that under a flood the
 * event loops, which serve every cheap request, get the CPU first. Sign-ins are admitted earlier still, before
 * any other work, by {@link HashAdmission}; their verifications carry its ticket. The hash time on the threads is kept
 * as a moving mean ({@link #meanHashNanos()}), from which the admission sizes its queue.
 *
 * <p>Create one per process (in the service's deploy step) and hand it to every HTTP verticle instance: the
 * worker pool is shared by name, but the admission count belongs to the instance. Thread-safe.
 */
public final class PasswordHasher {

  /** Name of the shared worker pool; every instance in the process with the same name shares its threads. */
  public static final String POOL_NAME = "olympus-auth-argon2";
  static final long RETRY_AFTER_SECONDS = 1;
  /** Assumed time of one hash until the first one is measured. */
  static final long INITIAL_HASH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Argon2 argon2 = Argon2Factory.create(Argon2Types.ARGON2id);
  private final WorkerExecutor executor;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong dummyVerifications = new AtomicLong();
  /** Moving mean (weight 1/8 per hash) of a hash's time on its thread. */
  private final AtomicLong meanHashNanos = new AtomicLong(INITIAL_HASH_NANOS);
  private final int workers;
  private final int limit;
  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  private final int threadNice;
  private final Future<String> dummyHash;
  /** Null when the process runs without metrics. */
  private final Timer hashTime;
  private final Timer waitTime;
  private final Counter rejected;

  public PasswordHasher(Vertx vertx, AuthConfig config) {
    this.memoryKib = config.argon2MemoryKib();
    this.iterations = config.argon2Iterations();
    this.parallelism = config.argon2Parallelism();
    this.threadNice = config.hashThreadNice();
    this.workers = config.hashWorkers();
    this.limit = config.hashWorkers() + config.hashQueue();
    this.executor = vertx.createSharedWorkerExecutor(POOL_NAME, config.hashWorkers(), 30, TimeUnit.SECONDS);
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    this.hashTime = registry == null ? null : Timer.builder("olympus.auth.password.hash")
        .description("One Argon2id hash or verification, timed on its hashing thread")
        .publishPercentileHistogram().register(registry);
    this.waitTime = registry == null ? null : Timer.builder("olympus.auth.password.hash.wait")
        .description("Wait of an admitted hash for a hashing thread")
        .publishPercentileHistogram().register(registry);
    this.rejected = registry == null ? null : Counter.builder("olympus.auth.password.hash.rejected")
        .description("Hashes refused at capacity (answered 503)").register(registry);
    this.dummyHash = executor.executeBlocking(() -> {
      HashThreadPriority.lowerCurrentThread(threadNice);
      long started = System.nanoTime();
      String hash = argon2.hash(iterations, memoryKib, parallelism, randomSecret().toCharArray());
      meanHashNanos.set(System.nanoTime() - started);
      return hash;
    }, false);
  }

  /** The PHC-format Argon2id hash of {@code password}; fails with {@link UnavailableException} when saturated. */
  public Future<String> hash(String password) {
    char[] chars = password.toCharArray();
    return admit(() -> {
      try {
        return argon2.hash(iterations, memoryKib, parallelism, chars);
      } finally {
        argon2.wipeArray(chars);
      }
    }, null, chars);
  }

  /**
   * True when {@code password} matches {@code encodedHash}; false for a wrong password or an unreadable
   * hash. Fails with {@link UnavailableException} when saturated.
   */
  public Future<Boolean> verify(String encodedHash, String password) {
    return verify(encodedHash, password, null);
  }

  /**
   * {@link #verify(String, String)} for a sign-in admitted with {@code ticket} (null: none), which gets its place back
   * when the hash is done. Also fails with {@link UnavailableException} ({@code overloaded}) without hashing when the
   * ticket's request ended or it waited for a hashing thread past its deadline (see {@link HashAdmission}).
   */
  public Future<Boolean> verify(String encodedHash, String password, HashAdmission.Ticket ticket) {
    char[] chars = password.toCharArray();
    return admit(() -> {
      try {
        return argon2.verify(encodedHash, chars);
      } catch (IllegalArgumentException e) {
        return false;
      } finally {
        argon2.wipeArray(chars);
      }
    }, ticket, chars);
  }

  /**
   * Spends the same work as {@link #verify} against a hash no password matches and answers false: used
   * for unknown users so that response time does not reveal whether an account exists.
   */
  public Future<Boolean> verifyDummy(String password) {
    return verifyDummy(password, null);
  }

  /** {@link #verifyDummy(String)} for a sign-in admitted with {@code ticket}, as {@link #verify(String, String, HashAdmission.Ticket)}. */
  public Future<Boolean> verifyDummy(String password, HashAdmission.Ticket ticket) {
    dummyVerifications.incrementAndGet();
    return dummyHash.compose(hash -> verify(hash, password, ticket))
        .map(ignored -> false);
  }

  /** True when {@code encodedHash} was made with other parameters than the configured ones (rehash after a successful login). */
  public boolean needsRehash(String encodedHash) {
    if (!encodedHash.startsWith("$argon2id$")) {
      return true;
    }
    return argon2.needsRehash(encodedHash, iterations, memoryKib, parallelism);
  }

  /** How many {@link #verifyDummy} calls this hasher served (sign-ins padded for an unknown user or tenant). */
  public long dummyVerifications() {
    return dummyVerifications.get();
  }

  /** Hashes running or waiting right now. */
  public int inFlight() {
    return inFlight.get();
  }

  public int limit() {
    return limit;
  }

  /** Hashing threads. */
  public int workers() {
    return workers;
  }

  /** A hash's time on its thread, as a moving mean of the latest hashes (an assumed 50 ms before the first). */
  public long meanHashNanos() {
    return meanHashNanos.get();
  }

  public Future<Void> close() {
    return executor.close();
  }

  /** Runs {@code work} on a hashing thread within the limit; {@code secret} is wiped if the work is dropped unrun. */
  private <T> Future<T> admit(Callable<T> work, HashAdmission.Ticket ticket, char[] secret) {
    if (inFlight.incrementAndGet() > limit) {
      inFlight.decrementAndGet();
      if (rejected != null) {
        rejected.increment();
      }
      if (ticket != null) {
        ticket.finish();
      }
      argon2.wipeArray(secret);
      return Future.failedFuture(new UnavailableException("Password hashing is at capacity; retry shortly", RETRY_AFTER_SECONDS));
    }
    long admitted = System.nanoTime();
    return executor.executeBlocking(() -> {
          if (ticket != null) {
            try {
              // a sign-in whose request ended or whose deadline passed while it waited is dropped here, unhashed
              ticket.start(admitted);
            } catch (UnavailableException dropped) {
              argon2.wipeArray(secret);
              throw dropped;
            }
          }
          HashThreadPriority.lowerCurrentThread(threadNice);
          long started = System.nanoTime();
          try {
            return work.call();
          } finally {
            long took = System.nanoTime() - started;
            long mean = meanHashNanos.get();
            meanHashNanos.set(mean + (took - mean) / 8);
            if (hashTime != null) {
              waitTime.record(started - admitted, TimeUnit.NANOSECONDS);
              hashTime.record(took, TimeUnit.NANOSECONDS);
            }
          }
        }, false)
        .andThen(ignored -> {
          inFlight.decrementAndGet();
          if (ticket != null) {
            ticket.finish();
          }
        });
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
