package io.olympus.common.security;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Revoked sessions in Redis: one key per revoked session id ({@code auth:revoked-session:<sid>}) that
 * lives as long as the longest token of that session could, so the set never outgrows the live tokens; the same
 * revocation in the sorted set every process reloads ({@link RevocationFeed}), and published on its channel so
 * every process has it at once.
 */
public final class RedisSessionRevocations implements SessionRevocations {

  static final String KEY_PREFIX = "auth:revoked-session:";

  private final Redis redis;
  private final RevocationFeed local;

  public RedisSessionRevocations(Redis redis) {
    this(redis, null);
  }

  /** Revocations that this process's {@code local} feed (may be null) learns at once, before the channel echoes them. */
  public RedisSessionRevocations(Redis redis, RevocationFeed local) {
    this.redis = redis;
    this.local = local;
  }

  /**
   * Marks the session revoked for {@code remainingTokenLife} (at least one second): its key, its entry in the
   * sorted set (expired entries are trimmed in the same batch) and a message on {@link RevocationFeed#CHANNEL}, in
   * one round trip. Fails when Redis fails.
   */
  public Future<Void> revoke(UUID sessionId, Duration remainingTokenLife) {
    long seconds = Math.max(1, (remainingTokenLife.toMillis() + 999) / 1000);
    long now = System.currentTimeMillis();
    long expiresAt = now + seconds * 1000;
    if (local != null) {
      local.add(sessionId, expiresAt);
    }
    return redis.batch(List.of(
            Request.cmd(Command.SET).arg(key(sessionId)).arg("1").arg("EX").arg(seconds),
            Request.cmd(Command.ZADD).arg(RevocationFeed.SET_KEY).arg(expiresAt).arg(sessionId.toString()),
            Request.cmd(Command.ZREMRANGEBYSCORE).arg(RevocationFeed.SET_KEY).arg("-inf").arg(now),
            Request.cmd(Command.PUBLISH).arg(RevocationFeed.CHANNEL).arg(sessionId + " " + expiresAt)))
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
