package io.olympus.commerce.cart.repository;

import io.olympus.commerce.cart.model.Cart;
import io.olympus.commerce.support.PostalAddress;
import io.olympus.commerce.support.Rows;
import io.olympus.common.db.PgErrors;
import io.olympus.common.error.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Reads and writes carts and their lines. Callers own the transaction and tenant. */
public final class CartRepository {

  static final Function<Row, Cart> MAPPER = row -> new Cart(
      row.getUUID("id"),
      row.getUUID("customer_id"),
      row.getString("status"),
      row.getString("currency"),
      row.getUUID("location_id"),
      row.getString("email"),
      PostalAddress.fromStored(row.getValue("shipping_address")),
      PostalAddress.fromStored(row.getValue("billing_address")),
      row.getUUID("shipping_method_id"),
      row.getUUID("order_id"),
      row.getInteger("version"),
      Rows.instant(row.getOffsetDateTime("expires_at")),
      Rows.instant(row.getOffsetDateTime("created_at")),
      Rows.instant(row.getOffsetDateTime("updated_at")),
      List.of());

  /** Inserts a cart living {@code ttlSeconds}; ValidationException when the customer is not the tenant's. */
  public Future<Cart> insert(SqlClient client, UUID tenantId, UUID id, UUID customerId, String tokenHash,
                             String currency, UUID locationId, String email, PostalAddress ship, PostalAddress bill,
                             UUID methodId, int ttlSeconds) {
    return client.preparedQuery(CartSql.INSERT)
        .execute(Tuple.from(new Object[] {tenantId, id, customerId, tokenHash, currency, locationId, email, json(ship),
            json(bill), methodId, (double) ttlSeconds}))
        .map(rows -> MAPPER.apply(rows.iterator().next()))
        .recover(err -> Future.failedFuture(PgErrors.foreignKeyViolation(err)
            ? new ValidationException("customer_id", "is not a customer of this store") : err));
  }

  public Future<Optional<Cart>> find(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(CartSql.BY_ID).execute(Tuple.of(tenantId, id)).map(rows -> Rows.first(rows, MAPPER));
  }

  /** Up to {@code limit} tenants that have expired open carts (in the system context). */
  public Future<List<UUID>> tenantsWithExpired(SqlClient client, int limit) {
    return client.preparedQuery(CartSql.TENANTS_WITH_EXPIRED).execute(Tuple.of(limit))
        .map(rows -> {
          List<UUID> tenants = new java.util.ArrayList<>();
          rows.forEach(row -> tenants.add(row.getUUID("tenant_id")));
          return tenants;
        });
  }

  /** Deletes up to {@code limit} of the tenant's expired open carts with their lines; how many. */
  public Future<Integer> deleteExpired(SqlClient client, UUID tenantId, int limit) {
    return client.preparedQuery(CartSql.DELETE_EXPIRED).execute(Tuple.of(tenantId, limit)).map(rows -> rows.rowCount());
  }

  /** The cart's customer, token hash (both null for neither) and location, or empty for an unknown or expired cart. */
  public Future<Optional<Cart.Access>> access(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(CartSql.ACCESS).execute(Tuple.of(tenantId, id))
        .map(rows -> Rows.first(rows, row -> new Cart.Access(row.getUUID("customer_id"), row.getString("token_hash"),
            row.getUUID("location_id"))));
  }

  /** The cart, locked until the transaction ends (every change of a cart takes this lock first). */
  public Future<Optional<Cart>> lock(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(CartSql.LOCK).execute(Tuple.of(tenantId, id)).map(rows -> Rows.first(rows, MAPPER));
  }

  public Future<Optional<Cart>> findByToken(SqlClient client, UUID tenantId, String tokenHash) {
    return client.preparedQuery(CartSql.BY_TOKEN).execute(Tuple.of(tenantId, tokenHash))
        .map(rows -> Rows.first(rows, MAPPER));
  }

  public Future<List<Cart.Line>> lines(SqlClient client, UUID tenantId, UUID cartId) {
    return client.preparedQuery(CartSql.LINES).execute(Tuple.of(tenantId, cartId))
        .map(rows -> Rows.all(rows, row -> new Cart.Line(row.getUUID("variant_id"), row.getInteger("quantity"))));
  }

  /** Sets a line's quantity (0 removes it). */
  public Future<Void> setLine(SqlClient client, UUID tenantId, UUID cartId, UUID variantId, int quantity) {
    return (quantity == 0
        ? client.preparedQuery(CartSql.DELETE_LINE).execute(Tuple.of(tenantId, cartId, variantId))
        : client.preparedQuery(CartSql.SET_LINE).execute(Tuple.of(tenantId, cartId, variantId, quantity)))
        .mapEmpty();
  }

  /** Adds to a line's quantity and returns the new quantity. */
  public Future<Integer> addToLine(SqlClient client, UUID tenantId, UUID cartId, UUID variantId, int quantity) {
    return client.preparedQuery(CartSql.ADD_TO_LINE).execute(Tuple.of(tenantId, cartId, variantId, quantity))
        .map(rows -> rows.iterator().next().getInteger("quantity"));
  }

  /** Writes the cart's changeable fields, bumps its version and extends its life to {@code ttlSeconds} from now. */
  public Future<Cart> update(SqlClient client, UUID tenantId, Cart c, int ttlSeconds) {
    return client.preparedQuery(CartSql.UPDATE)
        .execute(Tuple.from(new Object[] {tenantId, c.id(), c.locationId(), c.email(), json(c.shippingAddress()),
            json(c.billingAddress()), c.shippingMethodId(), (double) ttlSeconds}))
        .map(rows -> MAPPER.apply(rows.iterator().next()));
  }

  public Future<Cart> checkedOut(SqlClient client, UUID tenantId, UUID cartId, UUID orderId) {
    return client.preparedQuery(CartSql.CHECKED_OUT).execute(Tuple.of(tenantId, cartId, orderId))
        .map(rows -> MAPPER.apply(rows.iterator().next()));
  }

  /** Units available now per variant, at {@code locationId} or summed over every location (null). */
  public Future<Map<UUID, Integer>> available(SqlClient client, UUID tenantId, List<UUID> variantIds, UUID locationId) {
    return client.preparedQuery(CartSql.AVAILABLE)
        .execute(Tuple.of(tenantId, (Object) variantIds.toArray(UUID[]::new), locationId))
        .map(rows -> {
          Map<UUID, Integer> out = new HashMap<>();
          variantIds.forEach(v -> out.put(v, 0));
          rows.forEach(row -> out.put(row.getUUID("variant_id"), row.getInteger("available")));
          return out;
        });
  }

  private static JsonObject json(PostalAddress address) {
    return address == null ? null : address.toJson();
  }
}
