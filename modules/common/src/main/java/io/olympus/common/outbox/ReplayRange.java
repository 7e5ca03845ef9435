package io.olympus.common.outbox;

import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Which events to replay: event ids between {@code fromId} and {@code toId} (inclusive; v7 ids sort by
 * time) and/or occurred_at in {@code [from, to)}. A null bound is open.
 */
public record ReplayRange(UUID fromId, UUID toId, Instant from, Instant to) {

  public static ReplayRange all() {
    return new ReplayRange(null, null, null, null);
  }

  public static ReplayRange ids(UUID fromId, UUID toId) {
    return new ReplayRange(fromId, toId, null, null);
  }

  public static ReplayRange time(Instant from, Instant to) {
    return new ReplayRange(null, null, from, to);
  }

  Tuple addTo(Tuple tuple) {
    return tuple
        .addUUID(fromId)
        .addUUID(toId)
        .addOffsetDateTime(from == null ? null : from.atOffset(ZoneOffset.UTC))
        .addOffsetDateTime(to == null ? null : to.atOffset(ZoneOffset.UTC));
  }
}
