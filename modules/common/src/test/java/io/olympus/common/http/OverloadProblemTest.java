package io.olympus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.db.PgPools;
import io.olympus.common.error.ApiException;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A saturated database pool is a 503 with Retry-After, never a 500. */
@ExtendWith(VertxExtension.class)
class OverloadProblemTest {

  private static Throwable failureOf(Future<?> future) {
    return future.transform(ar -> Future.succeededFuture(ar.cause())).await();
  }

  @Test
  void fullWaitQueueAndAcquireTimeoutAreUnavailable(Vertx vertx) {
    Pool tiny = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(1).setConnectionTimeout(1))
        .connectingTo(PgPools.connectOptions(TestInfra.get().appUrl()))
        .using(vertx)
        .build();
    try {
      SqlConnection held = tiny.getConnection().await();
      Future<SqlConnection> waiting = tiny.getConnection();
      Throwable queueFull = failureOf(tiny.getConnection());
      Throwable timedOut = failureOf(waiting);
      held.close().await();

      ApiException fromQueue = ProblemHandler.toProblem(queueFull, -1);
      ApiException fromTimeout = ProblemHandler.toProblem(timedOut, -1);
      assertThat(fromQueue).isNotNull();
      assertThat(fromQueue.status()).isEqualTo(503);
      assertThat(fromTimeout).isNotNull();
      assertThat(fromTimeout.status()).isEqualTo(503);
    } finally {
      tiny.close().await();
    }
  }
}
