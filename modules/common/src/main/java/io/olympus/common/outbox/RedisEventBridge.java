package io.olympus.common.outbox;

import io.olympus.common.event.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards events that non-JVM services publish on Redis (channels matching {@code EVENTS_BRIDGE_PATTERN},
 * default {@code events.*}) onto the event bus at the same address. It holds one dedicated connection in
 * PSUBSCRIBE mode (its own single-connection client, never the shared pool) and reconnects with backoff
 * when Redis goes away.
 *
 * <p>Loop prevention: messages carrying {@code "origin":"olympus-outbox"} were published by an outbox
 * relay, whose events are already on the bus, and are skipped. Forwarded messages carry
 * {@code "origin":"redis-bridge"} (and a delivery header of the same name), so nothing publishes them
 * to Redis again. Forwarding is local-only: every process runs its own bridge and delivers to its own
 * consumers, so a clustered bus still sees each external message once per consumer, not once per node.
 * A message that is not a valid envelope, or whose type does not match its channel, is
 * logged and dropped.
 */
public final class RedisEventBridge extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RedisEventBridge.class);
  private static final long MAX_RECONNECT_DELAY_MS = 5_000;

  private final RedisOptions options;
  private final String pattern;
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  private Redis client;
  private RedisConnection connection;
  private boolean stopped;
  private int failures;
  private long reconnectTimer = -1;

  /** {@code options} address the Redis server; the pool settings are replaced by a single connection. */
  public RedisEventBridge(RedisOptions options, String pattern) {
    this.options = new RedisOptions(options).setMaxPoolSize(1).setMaxPoolWaiting(16);
    this.pattern = pattern;
  }

  /** Starts even when Redis is down (it keeps reconnecting); readiness reads {@link #isSubscribed()}. */
  @Override
  public Future<?> start() {
    client = Redis.createClient(vertx, options);
    return subscribe()
        .recover(err -> Future.succeededFuture());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(reconnectTimer);
    RedisConnection conn = connection;
    connection = null;
    Future<Void> closed = conn == null ? Future.succeededFuture() : conn.close();
    return closed
        .transform(ar -> client.close());
  }

  public boolean isSubscribed() {
    return connection != null;
  }

  /** Messages forwarded onto the bus so far. */
  public long forwardedCount() {
    return forwarded.get();
  }

  /** Relay-published messages skipped (loop prevention). */
  public long skippedCount() {
    return skipped.get();
  }

  /** Malformed messages dropped. */
  public long droppedCount() {
    return dropped.get();
  }

  private Future<Void> subscribe() {
    return client.connect()
        .compose(conn -> {
          conn.handler(this::onMessage);
          conn.exceptionHandler(err -> lost(conn, err));
          conn.endHandler(v -> lost(conn, null));
          return conn.send(Request.cmd(Command.PSUBSCRIBE).arg(pattern))
              .map(conn);
        })
        .onSuccess(conn -> {
          if (stopped) {
            conn.close();
            return;
          }
          connection = conn;
          failures = 0;
          LOG.info("redis bridge subscribed to {}", pattern);
        })
        .onFailure(err -> scheduleReconnect(err))
        .mapEmpty();
  }

  private void lost(RedisConnection conn, Throwable err) {
    if (connection != conn) {
      return;
    }
    connection = null;
    conn.close();
    scheduleReconnect(err);
  }

  private void scheduleReconnect(Throwable err) {
    if (stopped) {
      return;
    }
    long delay = Math.min(MAX_RECONNECT_DELAY_MS, 100L << Math.min(failures, 6));
    failures++;
    LOG.warn("redis bridge disconnected ({}), reconnecting in {} ms", err == null ? "closed" : err.getMessage(), delay);
    vertx.cancelTimer(reconnectTimer);
    reconnectTimer = vertx.setTimer(delay, id -> subscribe());
  }

  private void onMessage(Response response) {
    try {
      if (response.size() == 4 && "pmessage".equals(response.get(0).toString())) {
        forward(response.get(2).toString(), response.get(3).toString());
      }
    } catch (RuntimeException e) {
      dropped.incrementAndGet();
      LOG.warn("redis bridge dropped an unreadable message: {}", e.toString());
    }
  }

  private void forward(String channel, String message) {
    JsonObject json;
    try {
      json = new JsonObject(message);
    } catch (DecodeException | ClassCastException e) {
      drop(channel, "not a JSON object");
      return;
    }
    Object origin = json.getValue(EventOrigin.FIELD);
    if (EventOrigin.OUTBOX_RELAY.equals(origin) || EventOrigin.REDIS_BRIDGE.equals(origin)) {
      skipped.incrementAndGet();
      return;
    }
    EventEnvelope event;
    try {
      event = EventEnvelope.fromJson(json);
    } catch (RuntimeException e) {
      drop(channel, e.getMessage());
      return;
    }
    if (!event.address().equals(channel)) {
      drop(channel, "event type " + event.type() + " does not match the channel");
      return;
    }
    // counted before the hand-over: a consumer on another event loop may already run before publish returns
    forwarded.incrementAndGet();
    vertx.eventBus().publish(channel, event.toJson().put(EventOrigin.FIELD, EventOrigin.REDIS_BRIDGE),
        new DeliveryOptions().setLocalOnly(true).addHeader(EventOrigin.FIELD, EventOrigin.REDIS_BRIDGE));
  }

  private void drop(String channel, String reason) {
    dropped.incrementAndGet();
    LOG.warn("redis bridge dropped a malformed message on {}: {}", channel, reason);
  }
}
