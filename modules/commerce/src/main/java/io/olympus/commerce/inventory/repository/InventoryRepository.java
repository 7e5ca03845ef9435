package io.olympus.commerce.inventory.repository;

import io.olympus.commerce.inventory.model.Reservation;
import io.olympus.commerce.inventory.model.ReservationLine;
import io.olympus.commerce.inventory.model.StockLevel;
import io.olympus.commerce.inventory.model.StockSnapshot;
import io.olympus.commerce.support.Rows;
import io.olympus.common.db.PgErrors;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes stock levels, the movement ledger and reservations. Callers own the transaction. */
public final class InventoryRepository {

  /** Creates an empty level if none exists; NotFoundException when the variant does not exist in the tenant. */
  public Future<Void> ensureLevel(SqlClient client, UUID tenantId, UUID variantId, UUID locationId) {
    return client.preparedQuery(InventorySql.ENSURE_LEVEL)
        .execute(Tuple.of(tenantId, variantId, locationId))
        .recover(err -> Future.failedFuture(PgErrors.foreignKeyViolation(err)
            ? new NotFoundException("variant " + variantId + " not found")
            : err))
        .mapEmpty();
  }

  public Future<Optional<StockLevel>> lock(SqlClient client, UUID tenantId, UUID variantId, UUID locationId) {
    return client.preparedQuery(InventorySql.LOCK_LEVEL)
        .execute(Tuple.of(tenantId, variantId, locationId))
        .map(rows -> Rows.first(rows, StockLevel.MAPPER));
  }

  /** Applies both deltas if available stock stays non-negative; empty when it would not (or no level exists). */
  public Future<Optional<StockLevel>> apply(SqlClient client, UUID tenantId, UUID variantId, UUID locationId,
                                            int deltaOnHand, int deltaReserved) {
    return client.preparedQuery(InventorySql.APPLY)
        .execute(Tuple.of(tenantId, variantId, locationId, deltaOnHand, deltaReserved))
        .map(rows -> Rows.first(rows, StockLevel.MAPPER));
  }

  /**
   * {@link #apply} and, when it changed the level, {@link #record} of the same deltas, in one statement (one round
   * trip); empty when the guard refused the change (nothing recorded).
   */
  public Future<Optional<StockLevel>> applyAndRecord(SqlClient client, UUID tenantId, UUID variantId, UUID locationId,
                                                     int deltaOnHand, int deltaReserved, String reason, UUID referenceId,
                                                     String note) {
    return client.preparedQuery(InventorySql.APPLY_AND_RECORD)
        .execute(Tuple.from(new Object[] {tenantId, variantId, locationId, deltaOnHand, deltaReserved, Uuids.v7(), reason,
            referenceId, note}))
        .map(rows -> Rows.first(rows, StockLevel.MAPPER));
  }

  public Future<Void> record(SqlClient client, UUID tenantId, UUID variantId, UUID locationId, int deltaOnHand,
                             int deltaReserved, String reason, UUID referenceId, String note) {
    return client.preparedQuery(InventorySql.INSERT_MOVEMENT)
        .execute(Tuple.of(tenantId, Uuids.v7(), variantId, locationId, deltaOnHand, deltaReserved, reason, referenceId, note))
        .mapEmpty();
  }

  public Future<Optional<StockLevel>> setThreshold(SqlClient client, UUID tenantId, UUID variantId, UUID locationId,
                                                   Integer threshold) {
    return client.preparedQuery(InventorySql.SET_THRESHOLD)
        .execute(Tuple.of(tenantId, variantId, locationId, threshold))
        .map(rows -> Rows.first(rows, StockLevel.MAPPER));
  }

  public Future<Optional<StockLevel>> level(SqlClient client, UUID tenantId, UUID variantId, UUID locationId) {
    return client.preparedQuery(InventorySql.LEVEL)
        .execute(Tuple.of(tenantId, variantId, locationId))
        .map(rows -> Rows.first(rows, StockLevel.MAPPER));
  }

  public Future<List<StockLevel>> levels(SqlClient client, UUID tenantId, UUID variantId) {
    return client.preparedQuery(InventorySql.LEVELS_OF_VARIANT)
        .execute(Tuple.of(tenantId, variantId))
        .map(rows -> Rows.all(rows, StockLevel.MAPPER));
  }

  /** NotFoundException when the variant does not exist in the tenant. */
  public Future<Void> requireVariant(SqlClient client, UUID tenantId, UUID variantId) {
    return client.preparedQuery(InventorySql.VARIANT_EXISTS)
        .execute(Tuple.of(tenantId, variantId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new NotFoundException("variant " + variantId + " not found"))
            : Future.<Void>succeededFuture());
  }

  /** On hand and reserved at {@code at}, summed from the ledger. */
  public Future<StockSnapshot> replay(SqlClient client, UUID tenantId, UUID variantId, UUID locationId, Instant at) {
    return client.preparedQuery(InventorySql.REPLAY)
        .execute(Tuple.of(tenantId, variantId, locationId, at.atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.iterator().next())
        .map(row -> new StockSnapshot(variantId, locationId, row.getInteger("on_hand"), row.getInteger("reserved"), at));
  }

  public Future<Reservation> insertReservation(SqlClient client, UUID tenantId, UUID id, String reference, int ttlSeconds) {
    return client.preparedQuery(InventorySql.INSERT_RESERVATION)
        .execute(Tuple.of(tenantId, id, reference, (double) ttlSeconds))
        .map(rows -> Reservation.MAPPER.apply(rows.iterator().next()));
  }

  public Future<Void> insertLines(SqlClient client, UUID tenantId, UUID reservationId, List<ReservationLine> lines) {
    List<Tuple> batch = new ArrayList<>();
    lines.forEach(l -> batch.add(Tuple.of(tenantId, reservationId, l.variantId(), l.locationId(), l.quantity())));
    return client.preparedQuery(InventorySql.INSERT_RESERVATION_LINE).executeBatch(batch).mapEmpty();
  }

  /** Moves a held reservation to {@code status}; empty when it is not held. */
  public Future<Optional<Reservation>> finish(SqlClient client, UUID tenantId, UUID id, String status) {
    return client.preparedQuery(InventorySql.FINISH_RESERVATION)
        .execute(Tuple.of(tenantId, id, status))
        .map(rows -> Rows.first(rows, Reservation.MAPPER));
  }

  public Future<Optional<Reservation>> reservation(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(InventorySql.RESERVATION)
        .execute(Tuple.of(tenantId, id))
        .map(rows -> Rows.first(rows, Reservation.MAPPER));
  }

  public Future<List<ReservationLine>> lines(SqlClient client, UUID tenantId, UUID reservationId) {
    return client.preparedQuery(InventorySql.RESERVATION_LINES)
        .execute(Tuple.of(tenantId, reservationId))
        .map(rows -> Rows.all(rows, row -> new ReservationLine(row.getUUID("variant_id"), row.getUUID("location_id"),
            row.getInteger("quantity"))));
  }

  /** Tenants having stale holds; call in the system context. */
  public Future<List<UUID>> tenantsWithExpired(SqlClient client, int limit) {
    return client.preparedQuery(InventorySql.TENANTS_WITH_EXPIRED)
        .execute(Tuple.of(limit))
        .map(rows -> Rows.all(rows, row -> row.getUUID("tenant_id")));
  }

  /** Marks up to {@code limit} stale holds of the tenant expired and returns their ids. */
  public Future<List<UUID>> expireBatch(SqlClient client, UUID tenantId, int limit) {
    return client.preparedQuery(InventorySql.EXPIRE_BATCH)
        .execute(Tuple.of(tenantId, limit))
        .map(rows -> Rows.all(rows, row -> row.getUUID("id")));
  }

  /** The reservation, locked until the transaction ends; empty when the tenant has no such reservation. */
  public Future<Optional<Reservation>> lockReservation(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(InventorySql.LOCK_RESERVATION)
        .execute(Tuple.of(tenantId, id))
        .map(rows -> Rows.first(rows, Reservation.MAPPER));
  }

  /** Adds a line's quantity to a reservation (a new line, or more of an existing one). */
  public Future<Void> addToLine(SqlClient client, UUID tenantId, UUID reservationId, ReservationLine line) {
    return client.preparedQuery(InventorySql.ADD_TO_LINE)
        .execute(Tuple.of(tenantId, reservationId, line.variantId(), line.locationId(), line.quantity()))
        .mapEmpty();
  }

  /** Takes a line's quantity off a reservation (removing the line at zero); false when it holds less. */
  public Future<Boolean> takeFromLine(SqlClient client, UUID tenantId, UUID reservationId, ReservationLine line) {
    return client.preparedQuery(InventorySql.TAKE_FROM_LINE)
        .execute(Tuple.of(tenantId, reservationId, line.variantId(), line.locationId(), line.quantity()))
        .map(rows -> rows.size() == 1);
  }
}
