package io.olympus.auth.password.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.olympus.auth.config.AuthConfig;
import io.olympus.auth.config.LoginQueueConfig;
import io.olympus.common.error.UnavailableException;
import io.olympus.common.metrics.MetricsSupport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HashAdmissionTest {

  private static final String DEFAULT_PASSWORD = "correct horse battery staple";
  private static final AuthConfig ONE_CHEAP_WORKER = AuthConfig.from(new JsonObject()
      .put("AUTH_HASH_WORKERS", "1").put("AUTH_ARGON2_MEMORY_KIB", "8192").put("AUTH_ARGON2_ITERATIONS", "1"));

  @Test
  void shouldRefuseOverloadedWithRetryAfterOnceEveryPlaceIsTaken(Vertx vertx) {
    HashAdmission admission = new HashAdmission(new PasswordHasher(vertx, ONE_CHEAP_WORKER), queue(2, 0));
    HashAdmission.Ticket first = admission.admit();
    admission.admit();

    assertThatThrownBy(admission::admit).isInstanceOfSatisfying(UnavailableException.class, refused -> {
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.type()).isEqualTo("overloaded");
      assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    });
    assertThat(admission.rejected()).isEqualTo(1);
    assertThat(admission.admitted()).isEqualTo(2);

    // a sign-in that ended without a hash (refused by a rate limit, say) gives its place back
    first.close();
    first.close();
    assertThat(admission.admitted()).isEqualTo(1);
    admission.admit();
    assertThat(admission.admitted()).isEqualTo(2);
  }

  @Test
  void shouldGiveThePlaceBackOnceTheHashIsDone(Vertx vertx) {
    PasswordHasher hasher = new PasswordHasher(vertx, ONE_CHEAP_WORKER);
    HashAdmission admission = new HashAdmission(hasher, queue(1, 0));
    String hash = hasher.hash(DEFAULT_PASSWORD).await();

    HashAdmission.Ticket ticket = admission.admit();
    assertThat(hasher.verify(hash, DEFAULT_PASSWORD, ticket).await()).isTrue();
    assertThat(admission.admitted()).isZero();
    // the request's end afterwards changes nothing
    ticket.close();
    assertThat(admission.admitted()).isZero();
    assertThat(admission.abandoned()).isZero();
  }

  @Test
  void shouldSkipTheHashOfASignInWhoseRequestEndedWhileItWaited(Vertx vertx) {
    PasswordHasher hasher = new PasswordHasher(vertx, ONE_CHEAP_WORKER);
    HashAdmission admission = new HashAdmission(hasher, queue(1, 0));
    String hash = hasher.hash(DEFAULT_PASSWORD).await();

    HashAdmission.Ticket ticket = admission.admit();
    ticket.close();
    Throwable dropped = hasher.verify(hash, DEFAULT_PASSWORD, ticket).transform(Future::succeededFuture).await().cause();

    assertThat(dropped).isInstanceOfSatisfying(UnavailableException.class,
        refused -> assertThat(refused.type()).isEqualTo("overloaded"));
    assertThat(admission.abandoned()).isEqualTo(1);
    assertThat(admission.admitted()).isZero();
    assertThat(hasher.inFlight()).isZero();
  }

  @Test
  void shouldDropASignInWhoseTurnComesAfterTheDeadlineWithoutHashing(Vertx vertx) {
    PasswordHasher hasher = new PasswordHasher(vertx, ONE_CHEAP_WORKER);
    HashAdmission admission = new HashAdmission(hasher, queue(4, 1));
    String hash = hasher.hash(DEFAULT_PASSWORD).await();
    CountDownLatch held = new CountDownLatch(1);
    WorkerExecutor pool = vertx.createSharedWorkerExecutor(PasswordHasher.POOL_NAME, 1);
    try {
      pool.executeBlocking(() -> held.await(60, TimeUnit.SECONDS), false);
      HashAdmission.Ticket ticket = admission.admit();
      Future<Boolean> verified = hasher.verify(hash, DEFAULT_PASSWORD, ticket);
      // the hashing thread is released 20 ms after the admission, far past the 1 ms deadline
      Promise<Void> later = Promise.promise();
      vertx.setTimer(20, id -> later.complete());
      later.future().await();
      held.countDown();

      Throwable dropped = verified.transform(Future::succeededFuture).await().cause();
      assertThat(dropped).isInstanceOfSatisfying(UnavailableException.class,
          refused -> assertThat(refused.type()).isEqualTo("overloaded"));
      assertThat(admission.expired()).isEqualTo(1);
      assertThat(admission.admitted()).isZero();
    } finally {
      held.countDown();
      pool.close().await();
    }
  }

  @Test
  void shouldDeriveItsPlacesFromTheWorkersTheBudgetAndTheMeasuredHashTime(Vertx vertx) {
    PasswordHasher hasher = new PasswordHasher(vertx, AuthConfig.defaults().withHashPool(2, 1000));
    HashAdmission admission = new HashAdmission(hasher, LoginQueueConfig.defaults());
    hasher.hash(DEFAULT_PASSWORD).await();

    long budget = LoginQueueConfig.defaults().budget().toNanos();
    long expected = 2 + Math.max(1, budget * 2 / hasher.meanHashNanos());
    assertThat(admission.limit()).isEqualTo(expected).isGreaterThanOrEqualTo(3);
    // never more than the hasher itself admits
    PasswordHasher small = new PasswordHasher(vertx, AuthConfig.defaults().withHashPool(2, 1));
    assertThat(new HashAdmission(small, LoginQueueConfig.defaults()).limit()).isEqualTo(3);
    // a fixed size wins
    assertThat(new HashAdmission(hasher, queue(7, 0)).limit()).isEqualTo(7);
  }

  @Test
  void shouldCountRefusalsInTheLoginAdmissionMetric() {
    Vertx metered = MetricsSupport.configure(Vertx.builder()).build();
    try {
      HashAdmission admission = new HashAdmission(new PasswordHasher(metered, ONE_CHEAP_WORKER), queue(1, 0));
      Counter rejected = MetricsSupport.registry().get("olympus.login.admission.rejected").counter();
      double before = rejected.count();
      admission.admit();
      assertThatThrownBy(admission::admit).isInstanceOf(UnavailableException.class);
      assertThat(rejected.count() - before).isEqualTo(1.0);
      assertThat(MetricsSupport.registry().scrape()).contains("olympus_login_admission_rejected_total");
    } finally {
      metered.close().await();
    }
  }

  private static LoginQueueConfig queue(int size, int deadlineMs) {
    return LoginQueueConfig.from(new JsonObject().put("AUTH_LOGIN_QUEUE_SIZE", Integer.toString(size))
        .put("AUTH_LOGIN_QUEUE_DEADLINE_MS", Integer.toString(deadlineMs)));
  }
}
