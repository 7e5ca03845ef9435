package io.olympus.commerce.order.repository;

/** SQL of orders; read only by {@link OrderRepository}. */
final class OrderSql {

  /** What an order line needs of a variant: identity, title, weight, tax category and whether it is for sale. */
  static final String VARIANTS = "SELECT v.id, v.product_id, v.sku, v.weight_grams, "
      + "coalesce(v.tax_category, 'standard') AS tax_category, v.price_amount, v.currency, p.title, p.status "
      + "FROM product_variants v JOIN products p ON p.tenant_id = v.tenant_id AND p.id = v.product_id "
      + "WHERE v.tenant_id = $1 AND v.id = ANY($2)";

  /**
   * Takes the tenant's next block of $2 order numbers (1001 first) and returns its last one; run in a short
   * transaction of its own, so the counter row is locked only for that statement and its commit.
   */
  static final String RESERVE_NUMBERS = "INSERT INTO order_counters (tenant_id, last_number) VALUES ($1, 1000 + $2) "
      + "ON CONFLICT (tenant_id) DO UPDATE SET last_number = order_counters.last_number + $2 RETURNING last_number";

  static final String COLUMNS = "id, number, source, status, payment_status, fulfillment_status, customer_id, cart_id, "
      + "email, currency, location_id, reservation_id, customer_group, tax_exempt, prices_include_tax, shipping_address, "
      + "billing_address, shipping_method_id, shipping_method_name, shipping_amount, shipping_tax_amount, "
      + "shipping_tax_lines, subtotal_amount, discount_amount, tax_amount, total_amount, paid_amount, "
      + "refund_owed_amount, note, cancel_reason, version, created_at, updated_at, cancelled_at, completed_at, discounts";

  static final String INSERT = "INSERT INTO orders (tenant_id, id, number, source, status, payment_status, "
      + "fulfillment_status, customer_id, cart_id, email, currency, location_id, reservation_id, customer_group, "
      + "tax_exempt, prices_include_tax, shipping_address, billing_address, shipping_method_id, shipping_method_name, "
      + "shipping_amount, shipping_tax_amount, shipping_tax_lines, subtotal_amount, discount_amount, tax_amount, "
      + "total_amount, note, discounts, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'unpaid', 'unfulfilled', $6, $7, $8, $9, "
      + "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29) RETURNING "
      + COLUMNS;

  static final String LINE_COLUMNS = "id, position, variant_id, product_id, sku, title, location_id, quantity, "
      + "fulfilled_quantity, cancelled_quantity, weight_grams, tax_category, unit_amount, tax_included, subtotal_amount, "
      + "discount_amount, tax_amount, total_amount, price_rule, tax_lines";

  static final String INSERT_LINE = "INSERT INTO order_lines (tenant_id, order_id, id, position, variant_id, product_id, "
      + "sku, title, location_id, quantity, weight_grams, tax_category, unit_amount, tax_included, subtotal_amount, "
      + "discount_amount, tax_amount, total_amount, price_rule, tax_lines) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)";

  static final String DELETE_LINES = "DELETE FROM order_lines WHERE tenant_id = $1 AND order_id = $2";

  static final String BY_ID = "SELECT " + COLUMNS + " FROM orders WHERE tenant_id = $1 AND id = $2";

  static final String LOCK = "SELECT " + COLUMNS + " FROM orders WHERE tenant_id = $1 AND id = $2 FOR UPDATE";

  static final String LINES = "SELECT order_id, " + LINE_COLUMNS + " FROM order_lines "
      + "WHERE tenant_id = $1 AND order_id = ANY($2) ORDER BY order_id, position";

  /** Every column an order change may set, by the service, in one statement; version + 1. */
  static final String UPDATE = "UPDATE orders SET status = $3, payment_status = $4, fulfillment_status = $5, "
      + "email = $6, location_id = $7, reservation_id = $8, shipping_address = $9, billing_address = $10, "
      + "shipping_method_id = $11, shipping_method_name = $12, shipping_amount = $13, shipping_tax_amount = $14, "
      + "shipping_tax_lines = $15, subtotal_amount = $16, discount_amount = $17, tax_amount = $18, total_amount = $19, "
      + "paid_amount = $20, refund_owed_amount = $21, note = $22, cancel_reason = $23, discounts = $24, "
      + "cancelled_at = CASE WHEN $3 = 'cancelled' THEN coalesce(cancelled_at, now()) END, "
      + "completed_at = CASE WHEN $3 = 'completed' THEN coalesce(completed_at, now()) END, "
      + "version = version + 1, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING " + COLUMNS;

  static final String SET_LINE_PROGRESS = "UPDATE order_lines SET fulfilled_quantity = fulfilled_quantity + $3, "
      + "cancelled_quantity = cancelled_quantity + $4 WHERE tenant_id = $1 AND id = $2";

  static final String CANCEL_REMAINING = "UPDATE order_lines "
      + "SET cancelled_quantity = quantity - fulfilled_quantity WHERE tenant_id = $1 AND order_id = $2";

  /** Newest first; every filter optional. */
  static final String LIST = "SELECT " + COLUMNS + " FROM orders WHERE tenant_id = $1 "
      + "AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR payment_status = $3) "
      + "AND ($4::text IS NULL OR fulfillment_status = $4) AND ($5::uuid IS NULL OR customer_id = $5) "
      + "AND ($6::uuid IS NULL OR location_id = $6) AND ($7::timestamptz IS NULL OR created_at >= $7) "
      + "AND ($8::timestamptz IS NULL OR created_at < $8) AND ($9::bigint IS NULL OR number = $9) "
      + "AND ($10::uuid IS NULL OR id < $10) ORDER BY id DESC LIMIT $11";

  static final String INSERT_HISTORY = "INSERT INTO order_history (tenant_id, id, order_id, kind, changes, actor_type, "
      + "actor_id) VALUES ($1, $2, $3, $4, $5, $6, $7)";

  static final String HISTORY = "SELECT id, kind, changes, actor_type, actor_id, occurred_at FROM order_history "
      + "WHERE tenant_id = $1 AND order_id = $2 ORDER BY id";

  static final String INSERT_FULFILLMENT = "INSERT INTO fulfillments (tenant_id, id, order_id, location_id, carrier, "
      + "tracking_number) VALUES ($1, $2, $3, $4, $5, $6) RETURNING created_at";

  static final String INSERT_FULFILLMENT_LINE = "INSERT INTO fulfillment_lines (tenant_id, fulfillment_id, "
      + "order_line_id, quantity) VALUES ($1, $2, $3, $4)";

  static final String FULFILLMENTS = "SELECT f.id, f.order_id, f.location_id, f.carrier, f.tracking_number, f.created_at, "
      + "l.order_line_id, l.quantity FROM fulfillments f "
      + "JOIN fulfillment_lines l ON l.tenant_id = f.tenant_id AND l.fulfillment_id = f.id "
      + "WHERE f.tenant_id = $1 AND f.order_id = $2 ORDER BY f.id, l.order_line_id";

  private OrderSql() {}
}
