package io.olympus.auth.session.store;

import io.olympus.auth.config.AccountConfig;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions in Redis: a hash {@code auth:session:<sid>} that expires after {@code AUTH_SESSION_IDLE_MINUTES} without a
 * refresh, and a set {@code auth:user-sessions:<tid>:<uid>} of the user's session ids. A session also ends
 * {@code AUTH_SESSION_ABSOLUTE_DAYS} after sign-in whatever its activity. Revoking the tokens of a session is the
 * caller's job ({@code RefreshTokenService.revokeSession}); this store only forgets it.
 */
public final class SessionStore {

  private final Redis redis;
  private final AccountConfig config;
  private final Clock clock;

  public SessionStore(Redis redis, AccountConfig config, Clock clock) {
    this.redis = redis;
    this.config = config;
    this.clock = clock;
  }

  public Future<Session> create(UUID sessionId, UUID tenantId, UUID userId, UUID deviceId, String ip, String userAgent) {
    Instant now = clock.instant();
    Session session = new Session(sessionId, tenantId, userId, deviceId, ip, userAgent, now, now);
    String key = key(sessionId);
    Request hset = Request.cmd(Command.HSET).arg(key)
        .arg("tenant_id").arg(tenantId.toString())
        .arg("user_id").arg(userId.toString())
        .arg("device_id").arg(deviceId == null ? "" : deviceId.toString())
        .arg("ip").arg(ip == null ? "" : ip)
        .arg("user_agent").arg(userAgent == null ? "" : userAgent)
        .arg("created_at").arg(now.toEpochMilli())
        .arg("last_seen_at").arg(now.toEpochMilli());
    String userKey = userKey(tenantId, userId);
    return redis.batch(List.of(
            hset,
            Request.cmd(Command.PEXPIRE).arg(key).arg(idleMillis(now, now)),
            Request.cmd(Command.SADD).arg(userKey).arg(sessionId.toString()),
            Request.cmd(Command.PEXPIRE).arg(userKey).arg(config.sessionAbsolute().toMillis())))
        .map(done -> session);
  }

  /** The live session of this tenant, marked used now (idle timer restarted); empty when it ended. */
  public Future<Optional<Session>> touch(UUID tenantId, UUID sessionId) {
    return find(tenantId, sessionId)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.succeededFuture(found);
          }
          Instant now = clock.instant();
          Session s = found.get();
          return redis.batch(List.of(
                  Request.cmd(Command.HSET).arg(key(sessionId)).arg("last_seen_at").arg(now.toEpochMilli()),
                  Request.cmd(Command.PEXPIRE).arg(key(sessionId)).arg(idleMillis(s.createdAt(), now))))
              .map(done -> Optional.of(new Session(s.id(), s.tenantId(), s.userId(), s.deviceId(), s.ip(), s.userAgent(),
                  s.createdAt(), now)));
        });
  }

  /** The live session of this tenant; empty when it ended or belongs to another tenant. */
  public Future<Optional<Session>> find(UUID tenantId, UUID sessionId) {
    return redis.send(Request.cmd(Command.HGETALL).arg(key(sessionId)))
        .map(reply -> parse(sessionId, reply))
        .map(found -> found.filter(s -> s.tenantId().equals(tenantId))
            .filter(s -> clock.instant().isBefore(s.createdAt().plus(config.sessionAbsolute()))));
  }

  /** The user's live sessions, newest first (ended ones are dropped from the set on the way). */
  public Future<List<Session>> list(UUID tenantId, UUID userId) {
    String userKey = userKey(tenantId, userId);
    return redis.send(Request.cmd(Command.SMEMBERS).arg(userKey))
        .compose(members -> {
          List<UUID> ids = new ArrayList<>();
          members.forEach(m -> ids.add(UUID.fromString(m.toString())));
          List<Future<Optional<Session>>> loads = ids.stream().map(id -> find(tenantId, id)).toList();
          return Future.all(loads).map(all -> {
            List<Session> live = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
              Optional<Session> s = loads.get(i).result();
              if (s.isPresent() && s.get().userId().equals(userId)) {
                live.add(s.get());
              } else {
                redis.send(Request.cmd(Command.SREM).arg(userKey).arg(ids.get(i).toString()));
              }
            }
            live.sort((a, b) -> b.createdAt().compareTo(a.createdAt()));
            return live;
          });
        });
  }

  public Future<Void> delete(UUID tenantId, UUID userId, UUID sessionId) {
    return redis.batch(List.of(
            Request.cmd(Command.DEL).arg(key(sessionId)),
            Request.cmd(Command.SREM).arg(userKey(tenantId, userId)).arg(sessionId.toString())))
        .mapEmpty();
  }

  private long idleMillis(Instant createdAt, Instant now) {
    long untilAbsolute = createdAt.plus(config.sessionAbsolute()).toEpochMilli() - now.toEpochMilli();
    return Math.max(1, Math.min(config.sessionIdle().toMillis(), untilAbsolute));
  }

  private static Optional<Session> parse(UUID sessionId, Response reply) {
    if (reply == null || reply.size() == 0 || !reply.containsKey("tenant_id")) {
      return Optional.empty();
    }
    String device = reply.get("device_id").toString();
    return Optional.of(new Session(sessionId,
        UUID.fromString(reply.get("tenant_id").toString()),
        UUID.fromString(reply.get("user_id").toString()),
        device.isEmpty() ? null : UUID.fromString(device),
        emptyToNull(reply.get("ip").toString()),
        emptyToNull(reply.get("user_agent").toString()),
        Instant.ofEpochMilli(reply.get("created_at").toLong()),
        Instant.ofEpochMilli(reply.get("last_seen_at").toLong())));
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  static String key(UUID sessionId) {
    return "auth:session:" + sessionId;
  }

  static String userKey(UUID tenantId, UUID userId) {
    return "auth:user-sessions:" + tenantId + ":" + userId;
  }
}
