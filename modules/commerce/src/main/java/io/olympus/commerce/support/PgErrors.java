package io.olympus.commerce.support;

import io.vertx.pgclient.PgException;

/** SQLSTATE checks used by the commerce repositories. */
public final class PgErrors {

  private PgErrors() {}

  public static boolean uniqueViolation(Throwable err) {
    return state(err, "23505");
  }

  public static boolean foreignKeyViolation(Throwable err) {
    return state(err, "23503");
  }

  public static boolean checkViolation(Throwable err) {
    return state(err, "23514");
  }

  private static boolean state(Throwable err, String sqlState) {
    return err instanceof PgException pg && sqlState.equals(pg.getSqlState());
  }
}
