package io.olympus.common.outbox;

/**
 * Loop-prevention markers: the {@code origin} field the relay adds to what it publishes on Redis (the
 * bridge skips those), and the one the bridge adds to what it forwards onto the bus (so nothing
 * publishes it back to Redis).
 */
public final class EventOrigin {

  /** JSON field carrying the marker. */
  public static final String FIELD = "origin";
  /** Published on Redis by an Olympus outbox relay; the bridge never forwards these. */
  public static final String OUTBOX_RELAY = "olympus-outbox";
  /** Forwarded from Redis onto the bus by the bridge; never to be published to Redis again. */
  public static final String REDIS_BRIDGE = "redis-bridge";

  private EventOrigin() {}
}
