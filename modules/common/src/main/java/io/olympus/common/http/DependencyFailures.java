package io.olympus.common.http;

import io.olympus.common.error.UnavailableException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Recognises failures that mean a dependency (PostgreSQL, Redis, a connection to either) is down, frozen or
 * saturated rather than that the request is wrong: refused or reset connections, a connection closed under a
 * running statement, a statement cancelled by {@code statement_timeout}, a session ended by
 * {@code idle_in_transaction_session_timeout}, a server shutting down or refusing connections. The problem handler
 * answers them 503 + {@code Retry-After}, never 500.
 */
public final class DependencyFailures {

  /** Seconds a client is told to wait before retrying after a dependency failed. */
  static final long RETRY_AFTER_SECONDS = 2;

  /** SQLSTATEs of a server that is going away, refusing work, or cancelled a statement on a deadline. */
  private static final Set<String> UNAVAILABLE_STATES = Set.of(
      "57014", // query_canceled (statement_timeout)
      "25P03", // idle_in_transaction_session_timeout
      "57P01", // admin_shutdown
      "57P02", // crash_shutdown
      "57P03", // cannot_connect_now (starting up, recovering)
      "53300", // too_many_connections
      "53400"); // configuration_limit_exceeded

  private static final int MAX_CAUSES = 8;

  private DependencyFailures() {}

  /** The 503 problem for a dependency failure, or null when {@code failure} is something else. */
  public static UnavailableException toProblem(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
      if (cause instanceof UnavailableException unavailable) {
        return unavailable;
      }
      String detail = describe(cause);
      if (detail != null) {
        return new UnavailableException(detail, RETRY_AFTER_SECONDS);
      }
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
    return null;
  }

  private static String describe(Throwable failure) {
    if (failure instanceof PgException pg) {
      String state = pg.getSqlState();
      return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))
          ? "The database is unavailable or did not answer in time; retry shortly"
          : null;
    }
    String type = failure.getClass().getName();
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    if (message.startsWith("Timeout waiting for connection")) {
      return "No database connection was free in time; retry shortly";
    }
    if (type.equals("io.vertx.sqlclient.ClosedConnectionException")
        || type.equals("io.vertx.sqlclient.impl.pool.PoolClosedException")
        || message.contains("Connection is not active")
        || message.contains("Pool closed")
        || message.contains("Failed to read any response from the server")) {
      return "The database connection was lost; retry shortly";
    }
    if (failure instanceof TimeoutException || failure instanceof IOException
        || type.equals("io.netty.channel.ConnectTimeoutException")
        || type.endsWith(".ConnectException")
        || message.equals("Connection closed") || message.startsWith("Connection refused")) {
      return "A dependency is unavailable; retry shortly";
    }
    return null;
  }
}
