package io.olympus.commerce.inventory.service;

import io.olympus.commerce.inventory.model.Adjustment;
import io.olympus.commerce.inventory.model.InsufficientStockException;
import io.olympus.commerce.inventory.model.Reservation;
import io.olympus.commerce.inventory.model.ReservationLine;
import io.olympus.commerce.inventory.model.ReservationRequest;
import io.olympus.commerce.inventory.model.StockLevel;
import io.olympus.commerce.inventory.model.StockSnapshot;
import io.olympus.commerce.inventory.model.Transfer;
import io.olympus.commerce.inventory.repository.InventoryRepository;
import io.olympus.commerce.event.CommerceEvents;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.support.LocationDirectory;
import io.olympus.common.json.JsonInput;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-location stock: adjustments, atomic transfers, reservations with a time to live, an append-only
 * ledger of every movement, and low-stock events once per crossing of a level's threshold. Every change
 * writes {@code inventory.updated} (and {@code inventory.low_stock} on a crossing) in its transaction.
 */
public final class InventoryService {

  private static final Logger LOG = LoggerFactory.getLogger(InventoryService.class);
  private static final Comparator<UUID[]> BY_VARIANT_THEN_LOCATION =
      Comparator.<UUID[], UUID>comparing(k -> k[0]).thenComparing(k -> k[1]);

  private final Pool pool;
  private final InventoryRepository repository;
  private final EventSink events;
  private final LocationDirectory locations;

  /** Trusts every location id ({@link LocationDirectory#TRUSTED}): for the sweeper and tests without a platform. */
  public InventoryService(Pool pool, InventoryRepository repository, EventSink events) {
    this(pool, repository, events, LocationDirectory.TRUSTED);
  }

  /** {@code locations} refuses location ids that are not the tenant's before anything is written. */
  public InventoryService(Pool pool, InventoryRepository repository, EventSink events, LocationDirectory locations) {
    this.pool = pool;
    this.repository = repository;
    this.events = events;
    this.locations = locations;
  }

  /**
   * This service writing its events to {@code sink} instead (a transaction's {@link
   * io.olympus.commerce.event.DeferredEventSink}, which writes them at the transaction's end).
   */
  public InventoryService withEvents(EventSink sink) {
    return new InventoryService(pool, repository, sink, locations);
  }

  /**
   * Applies an adjustment and records it in the ledger. Fails with ValidationException naming {@code location_id}
   * when it is not the tenant's, NotFoundException for an unknown variant and InsufficientStockException when on
   * hand would drop below what is reserved.
   */
  public Future<StockLevel> adjust(UUID tenantId, Adjustment adjustment) {
    UUID variant = adjustment.variantId();
    UUID location = adjustment.locationId();
    return locations.require(tenantId, "location_id", location)
        .compose(known -> Tenancy.inTenant(pool, tenantId, conn -> repository.ensureLevel(conn, tenantId, variant, location)
        .compose(ignored -> repository.lock(conn, tenantId, variant, location))
        .compose(current -> {
          int delta = switch (adjustment.reason()) {
            case "receive" -> adjustment.quantity();
            case "damage" -> -adjustment.quantity();
            case "count" -> adjustment.quantity() - current.orElseThrow().onHand();
            default -> adjustment.quantity();
          };
          return change(conn, tenantId, variant, location, delta, 0, adjustment.reason(), null, adjustment.note());
        })));
  }

  /**
   * Moves every line from one location to the other in one transaction: if any line lacks available
   * stock (InsufficientStockException) or names an unknown variant (NotFoundException), nothing moves; a location
   * that is not the tenant's fails with ValidationException naming {@code from_location_id} / {@code to_location_id}.
   * Levels are locked in (variant, location) order first, so opposite transfers cannot deadlock.
   */
  public Future<List<StockLevel>> transfer(UUID tenantId, Transfer transfer) {
    UUID reference = Uuids.v7();
    TreeSet<UUID[]> keys = new TreeSet<>(BY_VARIANT_THEN_LOCATION);
    transfer.lines().forEach(line -> {
      keys.add(new UUID[] {line.variantId(), transfer.fromLocationId()});
      keys.add(new UUID[] {line.variantId(), transfer.toLocationId()});
    });
    Map<String, UUID> named = new LinkedHashMap<>();
    named.put("from_location_id", transfer.fromLocationId());
    named.put("to_location_id", transfer.toLocationId());
    return locations.requireAll(tenantId, named).compose(known -> Tenancy.inTenant(pool, tenantId, conn -> {
      Future<?> chain = Future.succeededFuture();
      for (UUID[] key : keys) {
        chain = chain.compose(ignored -> repository.ensureLevel(conn, tenantId, key[0], key[1]))
            .compose(ignored -> repository.lock(conn, tenantId, key[0], key[1]));
      }
      List<StockLevel> moved = new ArrayList<>();
      for (Transfer.Line line : transfer.lines()) {
        chain = chain
            .compose(ignored -> change(conn, tenantId, line.variantId(), transfer.fromLocationId(), -line.quantity(), 0,
                "transfer_out", reference, transfer.note()))
            .compose(from -> change(conn, tenantId, line.variantId(), transfer.toLocationId(), line.quantity(), 0,
                "transfer_in", reference, transfer.note())
                .map(to -> moved.addAll(List.of(from, to))));
      }
      return chain.map(ignored -> List.copyOf(moved));
    }));
  }

  /** Sets (or clears, with null) the low-stock threshold of a level; NotFoundException for an unknown variant. */
  public Future<StockLevel> setLowStockThreshold(UUID tenantId, UUID variantId, UUID locationId, Integer threshold) {
    if (threshold != null && threshold < 0) {
      return Future.failedFuture(new ValidationException("low_stock_threshold", "must not be negative"));
    }
    return Tenancy.inTenant(pool, tenantId, conn -> repository.ensureLevel(conn, tenantId, variantId, locationId)
        .compose(ignored -> repository.setThreshold(conn, tenantId, variantId, locationId, threshold))
        .map(level -> level.orElseThrow()));
  }

  /** The level of a variant at a location (zeros when it never had stock there). */
  public Future<StockLevel> level(UUID tenantId, UUID variantId, UUID locationId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.level(conn, tenantId, variantId, locationId))
        .map(found -> found.orElse(new StockLevel(variantId, locationId, 0, 0, null, null)));
  }

  /** Every location's level of a variant. */
  public Future<List<StockLevel>> levels(UUID tenantId, UUID variantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.levels(conn, tenantId, variantId));
  }

  /** Stock as it was at {@code at}, recomputed from the ledger; NotFoundException for an unknown variant. */
  public Future<StockSnapshot> stockAt(UUID tenantId, UUID variantId, UUID locationId, Instant at) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.requireVariant(conn, tenantId, variantId)
        .compose(ignored -> repository.replay(conn, tenantId, variantId, locationId, at)));
  }

  /**
   * Holds stock for every line or for none: each (summed) line is one conditional UPDATE that succeeds
   * only while {@code on_hand - reserved >= quantity}. Fails with InsufficientStockException naming the
   * first short line, and with ValidationException naming the line ({@code lines[2].location_id}) of a location that
   * is not the tenant's.
   */
  public Future<Reservation> reserve(UUID tenantId, ReservationRequest request) {
    return Tenancy.inTenant(pool, tenantId, conn -> reserve(conn, tenantId, request));
  }

  /**
   * As {@link #reserve(UUID, ReservationRequest)}, inside the caller's transaction on {@code conn} (the tenant set,
   * as {@link Tenancy#inTenant} does): the hold commits or rolls back with the caller's other work (an order, an
   * idempotency record). A failure leaves the transaction to be rolled back by the caller.
   */
  public Future<Reservation> reserve(SqlConnection conn, UUID tenantId, ReservationRequest request) {
    UUID id = Uuids.v7();
    List<ReservationLine> lines = ReservationRequest.summed(request.lines());
    return locations.requireAll(tenantId, request.locationFields()).compose(known -> {
      // the reservation row, every line's stock change and the reservation's lines go out together, none waiting for
      // another's answer: the connection runs them in the order given (the summed lines' order, so concurrent holds
      // lock levels in the same order), and a short line fails the hold — its transaction is rolled back, lines and all
      Future<Reservation> inserted = repository.insertReservation(conn, tenantId, id, request.reference(),
          request.ttlSeconds());
      List<Future<StockLevel>> changes = new ArrayList<>();
      for (ReservationLine line : lines) {
        changes.add(change(conn, tenantId, line.variantId(), line.locationId(), 0, line.quantity(), "reserve", id, null));
      }
      Future<Void> lineRows = repository.insertLines(conn, tenantId, id, lines);
      Future<?> changed = Future.all(changes);
      // every answer in before deciding, so a short line's refusal wins over what it made the later statements fail with
      return Future.join(inserted, changed, lineRows)
          .recover(err -> Future.failedFuture(changed.failed() ? changed.cause() : err))
          .map(all -> inserted.result().with(lines));
    });
  }

  /**
   * Changes what a held reservation holds, inside the caller's transaction: each line's quantity (summed per variant
   * and location) is added to the hold when positive (more stock held, guarded like {@link #reserve}) or given back
   * when negative; lines are applied in (variant, location) order, so concurrent changes cannot deadlock. All lines or
   * none: fails with InsufficientStockException, ConflictException (not held, or it holds less than a line gives back)
   * or NotFoundException (unknown reservation). A reservation left holding nothing is {@code released}.
   */
  public Future<Reservation> adjustHoldIn(SqlConnection conn, UUID tenantId, UUID reservationId,
                                          List<ReservationLine> deltas) {
    return lockHeld(conn, tenantId, reservationId).compose(reservation -> {
      Future<?> chain = Future.succeededFuture();
      for (ReservationLine line : ReservationRequest.summed(deltas)) {
        if (line.quantity() > 0) {
          chain = chain
              .compose(ignored -> change(conn, tenantId, line.variantId(), line.locationId(), 0, line.quantity(),
                  "reserve", reservationId, null))
              .compose(ignored -> repository.addToLine(conn, tenantId, reservationId, line));
        } else if (line.quantity() < 0) {
          ReservationLine given = new ReservationLine(line.variantId(), line.locationId(), -line.quantity());
          chain = chain.compose(ignored -> take(conn, tenantId, reservationId, given, false));
        }
      }
      return chain.compose(ignored -> settle(conn, tenantId, reservation, false));
    });
  }

  /**
   * Turns part of a held reservation into a sale, inside the caller's transaction: on hand and reserved drop by each
   * line's quantity; the reservation is {@code committed} once nothing is left held. Fails with ConflictException
   * when the reservation is not held or holds less than a line asks, NotFoundException for an unknown reservation.
   */
  public Future<Reservation> commitPartIn(SqlConnection conn, UUID tenantId, UUID reservationId,
                                          List<ReservationLine> lines) {
    return lockHeld(conn, tenantId, reservationId).compose(reservation -> {
      Future<?> chain = Future.succeededFuture();
      for (ReservationLine line : ReservationRequest.summed(lines)) {
        chain = chain.compose(ignored -> take(conn, tenantId, reservationId, line, true));
      }
      return chain.compose(ignored -> settle(conn, tenantId, reservation, true));
    });
  }

  /** As {@link #release}, inside the caller's transaction. */
  public Future<Reservation> releaseIn(SqlConnection conn, UUID tenantId, UUID reservationId) {
    return finishIn(conn, tenantId, reservationId, "released", "release", false);
  }

  private Future<StockLevel> take(SqlConnection conn, UUID tenantId, UUID reservationId, ReservationLine line,
                                  boolean deduct) {
    return repository.takeFromLine(conn, tenantId, reservationId, line)
        .compose(taken -> taken
            ? change(conn, tenantId, line.variantId(), line.locationId(), deduct ? -line.quantity() : 0,
                -line.quantity(), deduct ? "commit" : "release", reservationId, null)
            : Future.failedFuture(new ConflictException("reservation " + reservationId + " holds less than "
                + line.quantity() + " of variant " + line.variantId() + " at location " + line.locationId())));
  }

  /** The reservation with its lines; finished ({@code committed} or {@code released}) when it holds nothing. */
  private Future<Reservation> settle(SqlConnection conn, UUID tenantId, Reservation reservation, boolean committed) {
    return repository.lines(conn, tenantId, reservation.id())
        .compose(left -> left.isEmpty()
            ? repository.finish(conn, tenantId, reservation.id(), committed ? "committed" : "released")
                .map(finished -> finished.orElseThrow().with(left))
            : Future.succeededFuture(reservation.with(left)));
  }

  /** Locks a reservation of the tenant; NotFoundException when unknown, ConflictException when not held. */
  private Future<Reservation> lockHeld(SqlConnection conn, UUID tenantId, UUID reservationId) {
    return repository.lockReservation(conn, tenantId, reservationId)
        .compose(found -> found.isEmpty()
            ? Future.failedFuture(new NotFoundException("reservation " + reservationId + " not found"))
            : !"held".equals(found.get().status())
                ? Future.failedFuture(new ConflictException("reservation " + reservationId + " is "
                    + found.get().status() + ", not held"))
                : Future.succeededFuture(found.get()));
  }

  /**
   * Turns a held reservation into a sale: on hand and reserved both drop by each line's quantity.
   * Fails with NotFoundException for an unknown id and ConflictException when it is no longer held.
   */
  public Future<Reservation> commit(UUID tenantId, UUID reservationId) {
    return finish(tenantId, reservationId, "committed", "commit", true);
  }

  /** Gives a held reservation's stock back; fails like {@link #commit}. */
  public Future<Reservation> release(UUID tenantId, UUID reservationId) {
    return finish(tenantId, reservationId, "released", "release", false);
  }

  public Future<Reservation> reservation(UUID tenantId, UUID reservationId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.reservation(conn, tenantId, reservationId)
        .compose(found -> found.isEmpty()
            ? Future.failedFuture(new NotFoundException("reservation " + reservationId + " not found"))
            : repository.lines(conn, tenantId, reservationId).map(lines -> found.get().with(lines))));
  }

  /**
   * Releases holds whose time ran out, up to {@code batchSize} per tenant: finds the tenants in the
   * system context, then expires each tenant's holds in that tenant's own transaction. Returns how many
   * reservations expired. Safe to run from several processes (SKIP LOCKED).
   */
  public Future<Integer> releaseExpired(int batchSize) {
    return Tenancy.asSystem(pool, conn -> repository.tenantsWithExpired(conn, 1000))
        .compose(tenants -> {
          Future<Integer> total = Future.succeededFuture(0);
          for (UUID tenantId : tenants) {
            total = total.compose(sum -> expireTenant(tenantId, batchSize).map(n -> sum + n));
          }
          return total;
        });
  }

  private Future<Integer> expireTenant(UUID tenantId, int batchSize) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.expireBatch(conn, tenantId, batchSize)
        .compose(ids -> {
          Future<?> chain = Future.succeededFuture();
          for (UUID id : ids) {
            chain = chain.compose(ignored -> giveBack(conn, tenantId, id, "expire", false));
          }
          return chain.map(ids.size());
        }))
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("expired {} reservations of tenant {}", n, tenantId);
          }
        });
  }

  private Future<Reservation> finish(UUID tenantId, UUID id, String status, String reason, boolean deduct) {
    return Tenancy.inTenant(pool, tenantId, conn -> finishIn(conn, tenantId, id, status, reason, deduct));
  }

  private Future<Reservation> finishIn(SqlConnection conn, UUID tenantId, UUID id, String status, String reason,
                                       boolean deduct) {
    return repository.finish(conn, tenantId, id, status)
        .compose(finished -> finished.isPresent()
            ? giveBack(conn, tenantId, id, reason, deduct).map(lines -> finished.get().with(lines))
            : repository.reservation(conn, tenantId, id).compose(found -> Future.failedFuture(found.isEmpty()
                ? new NotFoundException("reservation " + id + " not found")
                : new ConflictException("reservation " + id + " is " + found.get().status() + ", not held"))));
  }

  private Future<List<ReservationLine>> giveBack(SqlConnection conn, UUID tenantId, UUID id, String reason, boolean deduct) {
    return repository.lines(conn, tenantId, id)
        .compose(lines -> {
          Future<?> chain = Future.succeededFuture();
          for (ReservationLine line : lines) {
            chain = chain.compose(ignored -> change(conn, tenantId, line.variantId(), line.locationId(),
                deduct ? -line.quantity() : 0, -line.quantity(), reason, id, null));
          }
          return chain.map(lines);
        });
  }

  /**
   * The one path every stock change takes: the conditional UPDATE, a ledger row, {@code inventory.updated},
   * and {@code inventory.low_stock} when available stock crosses the threshold downwards (once per crossing:
   * a further drop below it does not repeat the event; going back above re-arms it).
   */
  private Future<StockLevel> change(SqlConnection conn, UUID tenantId, UUID variantId, UUID locationId,
                                    int deltaOnHand, int deltaReserved, String reason, UUID reference, String note) {
    // the guarded UPDATE and its ledger row in one statement (one round trip)
    return repository.applyAndRecord(conn, tenantId, variantId, locationId, deltaOnHand, deltaReserved, reason,
            reference, note)
        .compose(applied -> applied.isPresent()
            ? Future.succeededFuture(applied.get())
            // no row: not enough stock, or a variant this tenant does not have (404, never a hint that it exists)
            : repository.requireVariant(conn, tenantId, variantId)
                .compose(known -> Future.<StockLevel>failedFuture(new InsufficientStockException(
                    "not enough stock of variant " + variantId + " at location " + locationId))))
        .compose(level -> events.write(conn, event(tenantId, CommerceEvents.INVENTORY_UPDATED, level,
                new JsonObject().put("reason", reason)))
            .map(level))
        .compose(level -> crossedLowStock(level, deltaOnHand - deltaReserved)
            ? events.write(conn, event(tenantId, CommerceEvents.LOW_STOCK, level, new JsonObject())).map(level)
            : Future.succeededFuture(level));
  }

  static boolean crossedLowStock(StockLevel level, int availableDelta) {
    Integer threshold = level.lowStockThreshold();
    int before = level.available() - availableDelta;
    return threshold != null && before > threshold && level.available() <= threshold;
  }

  private static EventEnvelope event(UUID tenantId, String type, StockLevel level, JsonObject extra) {
    JsonObject payload = level.toJson().mergeIn(extra);
    return EventEnvelope.of(type, tenantId, "inventory_level", level.variantId() + "/" + level.locationId(), null, payload);
  }

  /** Parses {@code {"low_stock_threshold": n|null}}; throws ValidationException naming the field. */
  public static Integer thresholdFromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    Integer threshold = in.optionalInt("low_stock_threshold", 0, Adjustment.MAX_QUANTITY);
    in.validate();
    return threshold;
  }
}
