package io.olympus.common.db;

import io.olympus.common.error.ConflictException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.util.function.Function;

/** SQLSTATE checks for repositories, and the mapping of a unique violation to an API conflict. */
public final class PgErrors {

  public static final String UNIQUE_VIOLATION = "23505";
  public static final String FOREIGN_KEY_VIOLATION = "23503";
  public static final String CHECK_VIOLATION = "23514";

  private PgErrors() {}

  public static boolean uniqueViolation(Throwable failure) {
    return state(failure, UNIQUE_VIOLATION);
  }

  public static boolean foreignKeyViolation(Throwable failure) {
    return state(failure, FOREIGN_KEY_VIOLATION);
  }

  public static boolean checkViolation(Throwable failure) {
    return state(failure, CHECK_VIOLATION);
  }

  /**
   * For {@code .recover(...)}: a unique violation becomes a {@link ConflictException} with {@code detail}
   * (a 409 problem); every other failure passes through unchanged.
   */
  public static <T> Function<Throwable, Future<T>> uniqueViolationAsConflict(String detail) {
    return failure -> Future.failedFuture(uniqueViolation(failure) ? new ConflictException(detail) : failure);
  }

  private static boolean state(Throwable failure, String sqlState) {
    return failure instanceof PgException pg && sqlState.equals(pg.getSqlState());
  }
}
