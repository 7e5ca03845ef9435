package io.olympus.commerce.event;

import io.olympus.common.outbox.OutboxRelayVerticle;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.UUID;

/**
 * Wakes this process's outbox relays after a committed commerce change, for the transactions that skip the outbox's
 * NOTIFY (an order's: {@link io.olympus.common.outbox.OutboxWriter#skipNotify}, so that checkouts do not commit one at
 * a time behind PostgreSQL's notification lock): their events are relayed at once by this process, and by the
 * relays of other processes at their next poll. A relay already cycling runs once more right after; a wake for a
 * change that did notify costs one extra, empty cycle at most.
 */
public final class RelayWake implements AfterCommitListener {

  private final Vertx vertx;

  public RelayWake(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx);
  }

  @Override
  public void committed(UUID tenantId, String change) {
    vertx.eventBus().publish(OutboxRelayVerticle.WAKE_ADDRESS, null);
  }
}
