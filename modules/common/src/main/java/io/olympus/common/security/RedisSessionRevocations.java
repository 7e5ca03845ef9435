package io.olympus.common.security;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.UUID;

/**
 * Revoked sessions in Redis: one key per revoked session id ({@code auth:revoked-session:<sid>}) that
 * lives as long as the longest token of that session could, so the set never outgrows the live tokens.
 */
public final class RedisSessionRevocations implements SessionRevocations {

  static final String KEY_PREFIX = "auth:revoked-session:";

  private final Redis redis;

  public RedisSessionRevocations(Redis redis) {
    this.redis = redis;
  }

  /** Marks the session revoked for {@code remainingTokenLife} (at least one second); fails when Redis fails. */
  public Future<Void> revoke(UUID sessionId, Duration remainingTokenLife) {
    long seconds = Math.max(1, (remainingTokenLife.toMillis() + 999) / 1000);
    return redis.send(Request.cmd(Command.SET).arg(key(sessionId)).arg("1").arg("EX").arg(seconds))
        .mapEmpty();
  }

  @Override
  public Future<Boolean> isRevoked(UUID sessionId) {
    return redis.send(exists(sessionId))
        .map(RedisSessionRevocations::revoked);
  }

  /** The {@code EXISTS} of the session's key, for callers that batch it with other commands. */
  static Request exists(UUID sessionId) {
    return Request.cmd(Command.EXISTS).arg(key(sessionId));
  }

  /** Reads the answer to {@link #exists}. */
  static boolean revoked(Response response) {
    return response != null && response.toInteger() > 0;
  }

  static String key(UUID sessionId) {
    return KEY_PREFIX + sessionId;
  }
}
