package io.olympus.common.redis;

import io.olympus.common.error.UnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * A Redis client whose every command and pipelined batch has a deadline: when Redis does not answer within
 * {@code REDIS_COMMAND_TIMEOUT_MS} (a frozen server, a dead network) or cannot be reached (refused, closed
 * connection, full waiting queue), the call fails with an {@link UnavailableException} (503 + {@code Retry-After}),
 * never later. Redis's own error replies ({@code WRONGTYPE}, {@code ERR ...}) pass through unchanged. A late answer
 * to a command that already timed out is dropped. {@link #connect()} (dedicated connections: pub/sub) is not
 * bounded: those are long-lived and not on a request's path.
 */
public final class DeadlineRedis implements Redis {

  /** Seconds a client is told to wait before retrying a request refused for want of Redis. */
  static final long RETRY_AFTER_SECONDS = 1;

  private final Vertx vertx;
  private final Redis delegate;
  private final long timeoutMs;

  public DeadlineRedis(Vertx vertx, Redis delegate, long timeoutMs) {
    this.vertx = vertx;
    this.delegate = delegate;
    this.timeoutMs = timeoutMs;
  }

  /** The deadline of each command, in milliseconds. */
  public long timeoutMs() {
    return timeoutMs;
  }

  @Override
  public Future<RedisConnection> connect() {
    return delegate.connect();
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }

  @Override
  public Future<Response> send(Request command) {
    return bounded(delegate.send(command));
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    return bounded(delegate.batch(commands));
  }

  private <T> Future<T> bounded(Future<T> call) {
    if (call.isComplete()) {
      return call.failed() ? Future.failedFuture(translate(call.cause())) : call;
    }
    // on the caller's context, as the client's own futures are: callbacks stay on the caller's event loop
    Context context = Vertx.currentContext();
    Promise<T> answer = context instanceof ContextInternal internal ? internal.promise() : Promise.promise();
    long timer = vertx.setTimer(timeoutMs, id -> answer.tryFail(new UnavailableException(
        "Redis did not answer within " + timeoutMs + " ms", RETRY_AFTER_SECONDS)));
    // the answer and the timer race: whichever comes second finds the promise completed and is dropped
    call.onComplete(result -> {
      vertx.cancelTimer(timer);
      if (result.succeeded()) {
        answer.tryComplete(result.result());
      } else {
        answer.tryFail(translate(result.cause()));
      }
    });
    return answer.future();
  }

  /** A failure to reach Redis becomes a 503; Redis's error replies stay as they are. */
  static Throwable translate(Throwable failure) {
    if (failure instanceof UnavailableException) {
      return failure;
    }
    return isUnreachable(failure)
        ? new UnavailableException("Redis is unavailable: " + failure.getMessage(), RETRY_AFTER_SECONDS)
        : failure;
  }

  /**
   * True unless the failure is an error reply of a working server. The client reports a closed connection and a
   * full waiting queue as error replies too ({@code CONNECTION_CLOSED}, {@code Redis waiting queue is full}), and a
   * server still loading its data or without its master as {@code LOADING}, {@code MASTERDOWN}.
   */
  static boolean isUnreachable(Throwable failure) {
    if (!failure.getClass().getName().equals("io.vertx.redis.client.impl.types.ErrorType")) {
      return true;
    }
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    return message.startsWith("CONNECTION_CLOSED") || message.startsWith("LOADING") || message.startsWith("BUSY")
        || message.startsWith("MASTERDOWN") || message.startsWith("TRYAGAIN") || message.startsWith("CLUSTERDOWN")
        || message.contains("waiting queue is full") || message.contains("Connection is closed");
  }
}
