package io.olympus.common.security;

import io.olympus.common.error.UnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's copy of the revoked sessions, so an authenticated request checks revocation without a Redis
 * round trip. {@link RedisSessionRevocations#revoke} records a revocation in Redis (a sorted set of session ids
 * scored by when their last token expires) and publishes it on the {@value #CHANNEL} channel; every process holds
 * one subscribed connection and adds what it hears to its set at once, and reloads the whole set every
 * {@code resyncMs} (and on every (re)subscription), so a missed message is made good within one resync interval.
 *
 * <p>Fails closed: when the set could not be reloaded for {@code maxStaleMs} (Redis gone), {@link #check} fails
 * with a 503, as the round trip it replaces did when Redis could not answer.
 */
public final class RevocationFeed implements SessionRevocations {

  /** Where revocations are published: {@code "<session id> <expiry epoch ms>"}. Not under {@code events.*}. */
  public static final String CHANNEL = "auth.session-revoked";
  /** Sorted set of revoked session ids, scored by expiry (epoch ms). */
  static final String SET_KEY = "auth:revoked-sessions";

  private static final Logger LOG = LoggerFactory.getLogger(RevocationFeed.class);
  private static final long MAX_RECONNECT_DELAY_MS = 5_000;

  private final Vertx vertx;
  private final Redis commands;
  private final RedisOptions subscriberOptions;
  private final long resyncMs;
  private final long maxStaleMs;
  private final Map<UUID, Long> revoked = new ConcurrentHashMap<>();

  private Redis subscriberClient;
  private volatile RedisConnection subscriber;
  private volatile long lastSyncMs;
  private final Promise<Void> firstLoad = Promise.promise();
  private volatile boolean stopped;
  private int failures;
  private long resyncTimer = -1;
  private long reconnectTimer = -1;

  /**
   * {@code commands} is the process's pooled client (reloads); {@code options} address the same Redis for the one
   * subscribed connection (its pool settings are replaced by a single connection).
   */
  public RevocationFeed(Vertx vertx, Redis commands, RedisOptions options, long resyncMs, long maxStaleMs) {
    this.vertx = vertx;
    this.commands = commands;
    this.subscriberOptions = new RedisOptions(options).setMaxPoolSize(1).setMaxPoolWaiting(16);
    this.resyncMs = resyncMs;
    this.maxStaleMs = maxStaleMs;
  }

  /** Subscribes and loads the set; completes when both are done or have failed (it keeps retrying either way). */
  public Future<Void> start() {
    subscriberClient = Redis.createClient(vertx, subscriberOptions);
    resyncTimer = vertx.setPeriodic(resyncMs, id -> resync());
    // requests arriving before the first load wait for it, at most maxStaleMs (then they are refused with a 503)
    vertx.setTimer(maxStaleMs, id -> firstLoad.tryFail(new UnavailableException("Session revocation check unavailable", 1)));
    return subscribe().recover(err -> Future.succeededFuture());
  }

  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(resyncTimer);
    vertx.cancelTimer(reconnectTimer);
    RedisConnection conn = subscriber;
    subscriber = null;
    Future<Void> closed = conn == null ? Future.succeededFuture() : conn.close();
    return closed.transform(done -> subscriberClient == null ? Future.succeededFuture() : subscriberClient.close());
  }

  /**
   * Whether the session is revoked, from the local set; fails (503) when the set is older than {@code maxStaleMs}.
   * No I/O: the future is already complete.
   */
  @Override
  public Future<Boolean> isRevoked(UUID sessionId) {
    if (lastSyncMs == 0 && !firstLoad.future().isComplete()) {
      return firstLoad.future().compose(loaded -> isRevoked(sessionId));
    }
    try {
      return Future.succeededFuture(check(sessionId));
    } catch (UnavailableException e) {
      return Future.failedFuture(e);
    }
  }

  /** As {@link #isRevoked}, synchronously: true when revoked; throws UnavailableException when too stale. */
  public boolean check(UUID sessionId) {
    if (System.currentTimeMillis() - lastSyncMs > maxStaleMs) {
      throw new UnavailableException("Session revocation check unavailable", 1);
    }
    Long expiry = revoked.get(sessionId);
    return expiry != null && expiry > System.currentTimeMillis();
  }

  /** Adds a revocation this process made itself, without waiting for it to come back on the channel. */
  public void add(UUID sessionId, long expiresAtMs) {
    revoked.merge(sessionId, expiresAtMs, Math::max);
  }

  /** Whether the subscribed connection is up (pushes arrive); the periodic reload runs either way. */
  public boolean isSubscribed() {
    return subscriber != null;
  }

  /** Revoked sessions held (expired ones are dropped at each reload). */
  public int size() {
    return revoked.size();
  }

  /** Reloads the whole set from Redis; a failure leaves the set as it was (and its age growing). */
  public Future<Void> resync() {
    long now = System.currentTimeMillis();
    return commands.send(Request.cmd(Command.ZRANGEBYSCORE).arg(SET_KEY).arg(now).arg("+inf").arg("WITHSCORES"))
        .onSuccess(answer -> {
          read(answer);
          revoked.values().removeIf(expiry -> expiry <= now);
          lastSyncMs = now;
          firstLoad.tryComplete();
        })
        .onFailure(err -> LOG.debug("revocation reload failed: {}", err.getMessage()))
        .mapEmpty();
  }

  private void read(Response answer) {
    if (answer == null) {
      return;
    }
    // RESP2: flat [member, score, ...]; RESP3: [[member, score], ...]
    if (answer.size() > 0 && answer.get(0).type() == ResponseType.MULTI) {
      for (Response pair : answer) {
        put(pair.get(0).toString(), pair.get(1).toString());
      }
    } else {
      for (int i = 0; i + 1 < answer.size(); i += 2) {
        put(answer.get(i).toString(), answer.get(i + 1).toString());
      }
    }
  }

  private void put(String member, String score) {
    try {
      add(UUID.fromString(member), (long) Double.parseDouble(score));
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring an unreadable revocation entry {}", member);
    }
  }

  private Future<Void> subscribe() {
    return subscriberClient.connect()
        .compose(conn -> {
          conn.handler(this::onMessage);
          conn.exceptionHandler(err -> lost(conn, err));
          conn.endHandler(v -> lost(conn, null));
          return conn.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)).map(conn);
        })
        .onSuccess(conn -> {
          if (stopped) {
            conn.close();
            return;
          }
          subscriber = conn;
          failures = 0;
        })
        // a reload right after subscribing: whatever was revoked while not subscribed is in the set
        .compose(conn -> resync())
        .onFailure(this::scheduleReconnect);
  }

  private void lost(RedisConnection conn, Throwable err) {
    if (subscriber != conn) {
      return;
    }
    subscriber = null;
    conn.close();
    scheduleReconnect(err);
  }

  private void scheduleReconnect(Throwable err) {
    if (stopped || subscriber != null) {
      return;
    }
    long delay = Math.min(MAX_RECONNECT_DELAY_MS, 100L << Math.min(failures, 6));
    failures++;
    LOG.warn("revocation channel disconnected ({}), reconnecting in {} ms",
        err == null ? "closed" : err.getMessage(), delay);
    vertx.cancelTimer(reconnectTimer);
    reconnectTimer = vertx.setTimer(delay, id -> subscribe());
  }

  private void onMessage(Response message) {
    try {
      if (message.size() == 3 && "message".equals(message.get(0).toString())
          && CHANNEL.equals(message.get(1).toString())) {
        String[] parts = message.get(2).toString().split(" ");
        put(parts[0], parts.length > 1 ? parts[1] : Long.toString(System.currentTimeMillis() + maxStaleMs));
      }
    } catch (RuntimeException e) {
      LOG.warn("ignoring an unreadable revocation message: {}", e.toString());
    }
  }
}
