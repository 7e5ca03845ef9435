package io.olympus.commerce.inventory.service;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Releases expired reservations every {@code intervalMillis}; one sweep at a time per instance. */
public final class ReservationSweeper extends VerticleBase {

  public static final long DEFAULT_INTERVAL_MILLIS = 30_000;
  public static final int DEFAULT_BATCH_SIZE = 500;

  private static final Logger LOG = LoggerFactory.getLogger(ReservationSweeper.class);

  private final InventoryService inventory;
  private final long intervalMillis;
  private boolean sweeping;

  public ReservationSweeper(InventoryService inventory, long intervalMillis) {
    this.inventory = inventory;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(intervalMillis, id -> sweep());
    return Future.succeededFuture();
  }

  private void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    inventory.releaseExpired(DEFAULT_BATCH_SIZE)
        .onFailure(err -> LOG.warn("reservation sweep failed", err))
        .onComplete(ignored -> sweeping = false);
  }
}
