package io.olympus.commerce.order.service;

import io.olympus.commerce.order.repository.OrderRepository;
import io.olympus.common.db.Tenancy;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out a tenant's order numbers (1001 first) from blocks taken off the tenant's counter row
 * ({@code order_counters}) in short transactions of their own ("hi-lo"): an order takes its number from memory, so no
 * checkout holds the counter row locked until its commit and one tenant's checkouts no longer run one at a time. The
 * next block is taken ahead, when half of the numbers in hand are used. An order that finds none in hand (the first of
 * a tenant in this process, or a burst faster than a block comes) takes one number off the counter in its own
 * transaction instead — the row then stays locked to its commit, as every order's did before — and never waits for a
 * block: a block's transaction needs a connection of the pool, which orders holding every connection would otherwise
 * wait for.
 *
 * <p>Numbers are <b>unique per tenant</b> across every process and instance (blocks and single numbers all advance
 * the one counter row, under its lock) and increase within one allocator's blocks. They are <b>not gap-free</b>, as
 * Shopify's order numbers are not: a block's unused numbers are lost when the process stops, an order whose
 * transaction fails after it took a number from a block leaves that number unused (an out-of-stock refusal takes
 * none: the number is taken after the stock is held), and instances interleave their blocks. A gap therefore says
 * nothing about a lost order; the order's id, its history and the audit log are the record. Safe to share between
 * event loops.
 */
public final class OrderNumbers {

  /** Numbers per block: at most this many are skipped when a process stops. */
  public static final int DEFAULT_BLOCK_SIZE = 20;

  private static final Logger LOG = LoggerFactory.getLogger(OrderNumbers.class);

  private final Pool pool;
  private final OrderRepository orders;
  private final int blockSize;
  private final Map<UUID, InHand> tenants = new HashMap<>();

  /** A tenant's numbers in hand: ranges [first, last] in the order they were taken, and the block being taken. */
  private static final class InHand {
    final ArrayDeque<long[]> ranges = new ArrayDeque<>();
    long remaining;
    Future<Void> taking;

    Long take() {
      long[] range = ranges.peekFirst();
      if (range == null) {
        return null;
      }
      long number = range[0]++;
      if (range[0] > range[1]) {
        ranges.pollFirst();
      }
      remaining--;
      return number;
    }
  }

  public OrderNumbers(Pool pool, OrderRepository orders, int blockSize) {
    if (blockSize < 1) {
      throw new IllegalArgumentException("blockSize must be at least 1");
    }
    this.pool = Objects.requireNonNull(pool);
    this.orders = Objects.requireNonNull(orders);
    this.blockSize = blockSize;
  }

  /**
   * The tenant's next order number for the order being written in the transaction on {@code conn}: from the numbers in
   * hand, else one taken off the counter in that transaction (see above). Fails only with the database's error.
   */
  public Future<Long> next(SqlConnection conn, UUID tenantId) {
    Long taken;
    synchronized (this) {
      InHand hand = tenants.computeIfAbsent(tenantId, id -> new InHand());
      taken = hand.take();
      if (taken != null && hand.remaining < (blockSize + 1) / 2 && hand.taking == null) {
        takeBlock(tenantId, hand);
      }
    }
    if (taken != null) {
      return Future.succeededFuture(taken);
    }
    // the single number first, the block once this transaction has ended: numbers keep their order
    Future<Long> single = orders.reserveNumbers(conn, tenantId, 1);
    Future<Void> end = Tenancy.completion(conn);
    if (end == null) {
      prefetch(tenantId);
    } else {
      end.onComplete(ended -> prefetch(tenantId));
    }
    return single;
  }

  /** Takes the tenant's next block now unless one is being taken; completes once the block in flight is in hand. */
  public Future<Void> prefetch(UUID tenantId) {
    synchronized (this) {
      InHand hand = tenants.computeIfAbsent(tenantId, id -> new InHand());
      return hand.taking != null ? hand.taking : takeBlock(tenantId, hand);
    }
  }

  /**
   * Completes once no block is being taken, whatever the blocks' outcome: what a caller closing the pool waits for, so
   * that no block's transaction is cut off mid-way.
   */
  public Future<Void> idle() {
    List<Future<Void>> inFlight;
    synchronized (this) {
      inFlight = tenants.values().stream().map(hand -> hand.taking).filter(Objects::nonNull).toList();
    }
    return Future.join(inFlight).<Void>mapEmpty().otherwiseEmpty();
  }

  /** Called holding this object's lock. */
  private Future<Void> takeBlock(UUID tenantId, InHand hand) {
    Future<Void> taking = Tenancy.inTenant(pool, tenantId, conn -> orders.reserveNumbers(conn, tenantId, blockSize))
        .transform(done -> {
          synchronized (this) {
            hand.taking = null;
            if (done.succeeded()) {
              hand.ranges.addLast(new long[] {done.result() - blockSize + 1, done.result()});
              hand.remaining += blockSize;
            }
          }
          if (done.failed()) {
            LOG.warn("could not take a block of order numbers for tenant {}; orders take single numbers meanwhile",
                tenantId, done.cause());
            return Future.<Void>failedFuture(done.cause());
          }
          return Future.<Void>succeededFuture();
        });
    if (!taking.isComplete()) {
      hand.taking = taking;
    }
    return taking;
  }
}
