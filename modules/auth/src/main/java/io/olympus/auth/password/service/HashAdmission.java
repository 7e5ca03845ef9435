package io.olympus.auth.password.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.olympus.auth.config.LoginQueueConfig;
import io.olympus.common.error.UnavailableException;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission of sign-ins to the password-hashing pool, decided first and for nothing: a sign-in takes a place
 * ({@link #admit()}) before it reads the rate limits, the throttle or the account, and gives it back when its hash is
 * done (or when it ends without one). When every place is taken the sign-in is refused at once with 503 {@code
 * overloaded} and {@code Retry-After}, having cost one counter increment: under a flood the refused sign-ins spend no
 * database, Redis or hashing time, so the CPU goes to the sign-ins that were admitted and throughput stays at what
 * the hashing threads can do.
 *
 * <p>The number of places is {@code AUTH_LOGIN_QUEUE_SIZE}, or by default derived from the pool: the hashing workers
 * plus the sign-ins they can finish within {@code AUTH_LOGIN_QUEUE_BUDGET_MS} at the hash time measured lately on
 * their threads ({@link PasswordHasher#meanHashNanos()}), never more than the hasher's own limit. A slower hash (a
 * busier machine) means fewer places, so an admitted sign-in's wait stays near the budget. As a backstop (CoDel's
 * idea: judge a queue by the time spent in it), a sign-in that waited for a hashing thread longer than {@code
 * AUTH_LOGIN_QUEUE_DEADLINE_MS}, or whose request already ended (the client went away, the request deadline
 * answered), is dropped when its turn comes, without hashing. Only the wait for a thread counts: a slow account
 * lookup before it is not the hashing queue's doing.
 *
 * <p>One per process, beside the {@link PasswordHasher}. Thread-safe: places are taken on event loops and checked on
 * hashing threads.
 */
public final class HashAdmission {

  private final PasswordHasher hasher;
  private final LoginQueueConfig config;
  private final AtomicInteger taken = new AtomicInteger();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();
  /** Null when the process runs without metrics. */
  private final Counter rejectedMeter;
  private final Counter expiredMeter;
  private final Counter abandonedMeter;

  public HashAdmission(PasswordHasher hasher, LoginQueueConfig config) {
    this.hasher = hasher;
    this.config = config;
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    this.rejectedMeter = registry == null ? null : Counter.builder("olympus.login.admission.rejected")
        .description("Sign-ins refused at the door (503 overloaded) before any other work").register(registry);
    this.expiredMeter = registry == null ? null : Counter.builder("olympus.login.admission.dropped")
        .tag("reason", "deadline")
        .description("Admitted sign-ins dropped without hashing (503 overloaded)").register(registry);
    this.abandonedMeter = registry == null ? null : Counter.builder("olympus.login.admission.dropped")
        .tag("reason", "abandoned")
        .description("Admitted sign-ins dropped without hashing (503 overloaded)").register(registry);
    if (registry != null) {
      Gauge.builder("olympus.login.admission.limit", this, HashAdmission::limit)
          .description("Sign-ins that may be admitted and not yet hashed").register(registry);
      Gauge.builder("olympus.login.admission.admitted", this, HashAdmission::admitted)
          .description("Sign-ins admitted whose hash has not finished").register(registry);
    }
  }

  /**
   * A place for one sign-in's hash. Fails with {@link UnavailableException} ({@code overloaded}, 503 with {@code
   * Retry-After}) when every place is taken.
   */
  public Ticket admit() {
    if (taken.incrementAndGet() > limit()) {
      taken.decrementAndGet();
      rejected.incrementAndGet();
      if (rejectedMeter != null) {
        rejectedMeter.increment();
      }
      throw overloaded();
    }
    return new Ticket();
  }

  /** Places in all: the configured size, or the derived one (see the class comment). */
  public int limit() {
    if (config.size() > 0) {
      return config.size();
    }
    int workers = hasher.workers();
    long queued = config.budget().toNanos() * workers / Math.max(1, hasher.meanHashNanos());
    long derived = workers + Math.max(1, queued);
    return (int) Math.min(derived, hasher.limit());
  }

  /** Places taken right now. */
  public int admitted() {
    return taken.get();
  }

  /** Sign-ins refused at the door since start. */
  public long rejected() {
    return rejected.get();
  }

  /** Admitted sign-ins dropped because their turn came after the deadline. */
  public long expired() {
    return expired.get();
  }

  /** Admitted sign-ins dropped because their request had ended before their turn. */
  public long abandoned() {
    return abandoned.get();
  }

  private UnavailableException overloaded() {
    return UnavailableException.overloaded("Too many sign-ins at once; retry shortly", config.retryAfterSeconds());
  }

  /** One admitted sign-in's place; given back exactly once. */
  public final class Ticket {

    private static final int WAITING = 0;
    private static final int HASHING = 1;
    private static final int DONE = 2;

    private final AtomicInteger state = new AtomicInteger(WAITING);
    private volatile boolean ended;

    private Ticket() {
    }

    /**
     * On the hashing thread, just before the hash: fails with {@link UnavailableException} ({@code overloaded}) and
     * gives the place back when the request has ended or the hash waited for a thread (since {@code queuedAt}, a
     * {@link System#nanoTime()}) longer than the deadline, so the hash is not spent.
     */
    void start(long queuedAt) {
      if (ended) {
        abandoned.incrementAndGet();
        if (abandonedMeter != null) {
          abandonedMeter.increment();
        }
        release(WAITING);
        throw overloaded();
      }
      long deadline = config.deadline().toNanos();
      if (deadline > 0 && System.nanoTime() - queuedAt > deadline) {
        expired.incrementAndGet();
        if (expiredMeter != null) {
          expiredMeter.increment();
        }
        release(WAITING);
        throw overloaded();
      }
      if (!state.compareAndSet(WAITING, HASHING)) {
        // the request ended between the checks above and now
        abandoned.incrementAndGet();
        throw overloaded();
      }
    }

    /** The hash is done (or was refused): gives the place back. */
    void finish() {
      if (state.getAndSet(DONE) != DONE) {
        taken.decrementAndGet();
      }
    }

    /**
     * The sign-in's request ended (answered, failed, or its connection closed): a place not yet used for a hash is
     * given back now, and a hash not yet started will not run. A running hash gives it back when it is done.
     */
    public void close() {
      ended = true;
      release(WAITING);
    }

    private void release(int from) {
      if (state.compareAndSet(from, DONE)) {
        taken.decrementAndGet();
      }
    }
  }
}
