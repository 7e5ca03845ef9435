package io.olympus.commerce.order.repository;

import io.olympus.commerce.order.model.Fulfillment;
import io.olympus.commerce.order.model.Order;
import io.olympus.commerce.order.model.OrderHistoryEntry;
import io.olympus.commerce.order.model.OrderLine;
import io.olympus.commerce.order.model.OrderQuery;
import io.olympus.commerce.order.model.VariantInfo;
import io.olympus.commerce.support.PostalAddress;
import io.olympus.commerce.support.Rows;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Reads and writes orders, their lines, history and fulfilments. Callers own the transaction and tenant. */
public final class OrderRepository {

  static final Function<Row, Order> MAPPER = row -> new Order(
      row.getUUID("id"),
      row.getLong("number"),
      row.getString("source"),
      row.getString("status"),
      row.getString("payment_status"),
      row.getString("fulfillment_status"),
      row.getUUID("customer_id"),
      row.getUUID("cart_id"),
      row.getString("email"),
      row.getString("currency"),
      row.getUUID("location_id"),
      row.getUUID("reservation_id"),
      row.getString("customer_group"),
      row.getBoolean("tax_exempt"),
      row.getBoolean("prices_include_tax"),
      PostalAddress.fromStored(row.getValue("shipping_address")),
      PostalAddress.fromStored(row.getValue("billing_address")),
      row.getUUID("shipping_method_id"),
      row.getString("shipping_method_name"),
      row.getLong("shipping_amount"),
      row.getLong("shipping_tax_amount"),
      (JsonArray) row.getValue("shipping_tax_lines"),
      row.getLong("subtotal_amount"),
      row.getLong("discount_amount"),
      row.getLong("tax_amount"),
      row.getLong("total_amount"),
      row.getLong("paid_amount"),
      row.getLong("refund_owed_amount"),
      row.getString("note"),
      row.getString("cancel_reason"),
      row.getInteger("version"),
      Rows.instant(row.getOffsetDateTime("created_at")),
      Rows.instant(row.getOffsetDateTime("updated_at")),
      Rows.instant(row.getOffsetDateTime("cancelled_at")),
      Rows.instant(row.getOffsetDateTime("completed_at")),
      List.of(),
      List.of(),
      (JsonArray) row.getValue("discounts"));

  static final Function<Row, OrderLine> LINE = row -> new OrderLine(
      row.getUUID("id"),
      row.getInteger("position"),
      row.getUUID("variant_id"),
      row.getUUID("product_id"),
      row.getString("sku"),
      row.getString("title"),
      row.getUUID("location_id"),
      row.getInteger("quantity"),
      row.getInteger("fulfilled_quantity"),
      row.getInteger("cancelled_quantity"),
      row.getInteger("weight_grams"),
      row.getString("tax_category"),
      row.getLong("unit_amount"),
      row.getBoolean("tax_included"),
      row.getLong("subtotal_amount"),
      row.getLong("discount_amount"),
      row.getLong("tax_amount"),
      row.getLong("total_amount"),
      (JsonObject) row.getValue("price_rule"),
      (JsonArray) row.getValue("tax_lines"));

  /** The variants of the tenant among {@code ids}, by id (unknown ids are absent). */
  public Future<Map<UUID, VariantInfo>> variants(SqlClient client, UUID tenantId, List<UUID> ids) {
    return client.preparedQuery(OrderSql.VARIANTS)
        .execute(Tuple.of(tenantId, (Object) ids.toArray(UUID[]::new)))
        .map(rows -> {
          Map<UUID, VariantInfo> found = new HashMap<>();
          for (Row row : rows) {
            found.put(row.getUUID("id"), new VariantInfo(row.getUUID("id"), row.getUUID("product_id"),
                row.getString("sku"), row.getString("title"), row.getString("status"), row.getInteger("weight_grams"),
                row.getString("tax_category"), row.getLong("price_amount"), row.getString("currency")));
          }
          return found;
        });
  }

  /**
   * Takes the tenant's next {@code count} order numbers off its counter and returns the last of them (the first is
   * {@code last - count + 1}); the counter row stays locked until the transaction ends, so run it in a short one.
   */
  public Future<Long> reserveNumbers(SqlClient client, UUID tenantId, int count) {
    return client.preparedQuery(OrderSql.RESERVE_NUMBERS).execute(Tuple.of(tenantId, count))
        .map(rows -> rows.iterator().next().getLong("last_number"));
  }

  /** Inserts the order row of {@code o} (its lines separately) as unpaid and unfulfilled, created at its creation time. */
  public Future<Order> insert(SqlClient client, UUID tenantId, Order o) {
    return client.preparedQuery(OrderSql.INSERT)
        .execute(Tuple.from(new Object[] {tenantId, o.id(), o.number(), o.source(), o.status(), o.customerId(),
            o.cartId(), o.email(), o.currency(), o.locationId(), o.reservationId(), o.customerGroup(), o.taxExempt(),
            o.pricesIncludeTax(), json(o.shippingAddress()), json(o.billingAddress()), o.shippingMethodId(),
            o.shippingMethodName(), o.shippingAmount(), o.shippingTaxAmount(), o.shippingTaxLines(), o.subtotalAmount(),
            o.discountAmount(), o.taxAmount(), o.totalAmount(), o.note(), o.discounts(), o.createdAt().atOffset(ZoneOffset.UTC),
            o.updatedAt().atOffset(ZoneOffset.UTC)}))
        .map(rows -> MAPPER.apply(rows.iterator().next()));
  }

  public Future<Void> insertLines(SqlClient client, UUID tenantId, UUID orderId, List<OrderLine> lines) {
    List<Tuple> batch = new ArrayList<>();
    for (OrderLine l : lines) {
      batch.add(Tuple.from(new Object[] {tenantId, orderId, l.id(), l.position(), l.variantId(), l.productId(), l.sku(),
          l.title(), l.locationId(), l.quantity(), l.weightGrams(), l.taxCategory(), l.unitAmount(), l.taxIncluded(),
          l.subtotalAmount(), l.discountAmount(), l.taxAmount(), l.totalAmount(), l.priceRule(), l.taxLines()}));
    }
    return client.preparedQuery(OrderSql.INSERT_LINE).executeBatch(batch).mapEmpty();
  }

  public Future<Void> deleteLines(SqlClient client, UUID tenantId, UUID orderId) {
    return client.preparedQuery(OrderSql.DELETE_LINES).execute(Tuple.of(tenantId, orderId)).mapEmpty();
  }

  public Future<Optional<Order>> find(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(OrderSql.BY_ID).execute(Tuple.of(tenantId, id)).map(rows -> Rows.first(rows, MAPPER));
  }

  /** The order row, locked until the transaction ends (every change of an order takes this lock first). */
  public Future<Optional<Order>> lock(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(OrderSql.LOCK).execute(Tuple.of(tenantId, id)).map(rows -> Rows.first(rows, MAPPER));
  }

  /** The lines of the orders, by order id, in position order. */
  public Future<Map<UUID, List<OrderLine>>> lines(SqlClient client, UUID tenantId, List<UUID> orderIds) {
    if (orderIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client.preparedQuery(OrderSql.LINES).execute(Tuple.of(tenantId, (Object) orderIds.toArray(UUID[]::new)))
        .map(rows -> {
          Map<UUID, List<OrderLine>> byOrder = new LinkedHashMap<>();
          for (Row row : rows) {
            byOrder.computeIfAbsent(row.getUUID("order_id"), k -> new ArrayList<>()).add(LINE.apply(row));
          }
          return byOrder;
        });
  }

  /** Writes every changeable column of {@code o} (statuses, money, addresses, ...) and bumps its version. */
  public Future<Order> update(SqlClient client, UUID tenantId, Order o) {
    return client.preparedQuery(OrderSql.UPDATE)
        .execute(Tuple.from(new Object[] {tenantId, o.id(), o.status(), o.paymentStatus(), o.fulfillmentStatus(),
            o.email(), o.locationId(), o.reservationId(), json(o.shippingAddress()), json(o.billingAddress()),
            o.shippingMethodId(), o.shippingMethodName(), o.shippingAmount(), o.shippingTaxAmount(),
            o.shippingTaxLines(), o.subtotalAmount(), o.discountAmount(), o.taxAmount(), o.totalAmount(), o.paidAmount(),
            o.refundOwedAmount(), o.note(), o.cancelReason(), o.discounts()}))
        .map(rows -> MAPPER.apply(rows.iterator().next()));
  }

  public Future<Void> addLineProgress(SqlClient client, UUID tenantId, UUID lineId, int fulfilled, int cancelled) {
    return client.preparedQuery(OrderSql.SET_LINE_PROGRESS).execute(Tuple.of(tenantId, lineId, fulfilled, cancelled))
        .mapEmpty();
  }

  /** Marks every quantity not yet fulfilled cancelled. */
  public Future<Void> cancelRemaining(SqlClient client, UUID tenantId, UUID orderId) {
    return client.preparedQuery(OrderSql.CANCEL_REMAINING).execute(Tuple.of(tenantId, orderId)).mapEmpty();
  }

  /** One more order than asked for (the caller tells whether there is a next page). */
  public Future<List<Order>> list(SqlClient client, UUID tenantId, OrderQuery q) {
    return client.preparedQuery(OrderSql.LIST)
        .execute(Tuple.from(new Object[] {tenantId, q.status(), q.paymentStatus(), q.fulfillmentStatus(), q.customerId(),
            q.locationId(), q.createdFrom() == null ? null : q.createdFrom().atOffset(ZoneOffset.UTC),
            q.createdTo() == null ? null : q.createdTo().atOffset(ZoneOffset.UTC), q.number(), q.after(),
            q.limit() + 1}))
        .map(rows -> Rows.all(rows, MAPPER));
  }

  public Future<Void> insertHistory(SqlClient client, UUID tenantId, UUID orderId, String kind, JsonObject changes,
                                    String actorType, String actorId) {
    return client.preparedQuery(OrderSql.INSERT_HISTORY)
        .execute(Tuple.of(tenantId, Uuids.v7(), orderId, kind, changes, actorType, actorId))
        .mapEmpty();
  }

  public Future<List<OrderHistoryEntry>> history(SqlClient client, UUID tenantId, UUID orderId) {
    return client.preparedQuery(OrderSql.HISTORY).execute(Tuple.of(tenantId, orderId))
        .map(rows -> Rows.all(rows, row -> new OrderHistoryEntry(row.getUUID("id"), row.getString("kind"),
            (JsonObject) row.getValue("changes"), row.getString("actor_type"), row.getString("actor_id"),
            Rows.instant(row.getOffsetDateTime("occurred_at")))));
  }

  public Future<Fulfillment> insertFulfillment(SqlClient client, UUID tenantId, Fulfillment f) {
    return client.preparedQuery(OrderSql.INSERT_FULFILLMENT)
        .execute(Tuple.of(tenantId, f.id(), f.orderId(), f.locationId(), f.carrier(), f.trackingNumber()))
        .map(rows -> Rows.instant(rows.iterator().next().getOffsetDateTime("created_at")))
        .compose(created -> client.preparedQuery(OrderSql.INSERT_FULFILLMENT_LINE)
            .executeBatch(f.lines().stream().map(l -> Tuple.of(tenantId, f.id(), l.orderLineId(), l.quantity())).toList())
            .map(done -> new Fulfillment(f.id(), f.orderId(), f.locationId(), f.carrier(), f.trackingNumber(), created,
                f.lines())));
  }

  public Future<List<Fulfillment>> fulfillments(SqlClient client, UUID tenantId, UUID orderId) {
    return client.preparedQuery(OrderSql.FULFILLMENTS).execute(Tuple.of(tenantId, orderId))
        .map(rows -> {
          Map<UUID, Row> heads = new LinkedHashMap<>();
          Map<UUID, List<Fulfillment.Line>> lines = new HashMap<>();
          for (Row row : rows) {
            UUID id = row.getUUID("id");
            heads.putIfAbsent(id, row);
            lines.computeIfAbsent(id, k -> new ArrayList<>())
                .add(new Fulfillment.Line(row.getUUID("order_line_id"), row.getInteger("quantity")));
          }
          List<Fulfillment> out = new ArrayList<>();
          heads.forEach((id, row) -> out.add(new Fulfillment(id, row.getUUID("order_id"), row.getUUID("location_id"),
              row.getString("carrier"), row.getString("tracking_number"),
              Rows.instant(row.getOffsetDateTime("created_at")), lines.get(id))));
          return out;
        });
  }

  private static JsonObject json(PostalAddress address) {
    return address == null ? null : address.toJson();
  }
}
