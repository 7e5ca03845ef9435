package io.olympus.common.db;

import io.olympus.common.error.ConflictException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.util.function.Function;

/** Maps PostgreSQL failures to API failures in repositories. */
public final class PgErrors {

  public static final String UNIQUE_VIOLATION = "23505";

  private PgErrors() {}

  public static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }

  /**
   * For {@code .recover(...)}: a unique violation becomes a {@link ConflictException} with {@code detail}
   * (a 409 problem); every other failure passes through unchanged.
   */
  public static <T> Function<Throwable, Future<T>> uniqueViolationAsConflict(String detail) {
    return failure -> Future.failedFuture(isUniqueViolation(failure) ? new ConflictException(detail) : failure);
  }
}
