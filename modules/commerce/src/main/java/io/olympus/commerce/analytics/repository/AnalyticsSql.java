package io.olympus.commerce.analytics.repository;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The analytics slice's SQL, read only by {@link AnalyticsRepository}. Statements that apply orders take the tenant
 * ({@code $1}) and the orders' ids ({@code $2}, {@code uuid[]}).
 */
final class AnalyticsSql {

  /** The read model's stand-in for "no location" (part of the aggregates' keys). */
  static final String NO_LOCATION = "'00000000-0000-0000-0000-000000000000'::uuid";

  /** The tenant's report time zone: its {@code store.timezone} setting, else the platform-wide one, else UTC. */
  static final String ZONE_CTE = "tz AS (SELECT coalesce("
      + "(SELECT value #>> '{}' FROM tenant_settings WHERE tenant_id = $1 AND key = 'store.timezone'), "
      + "(SELECT value #>> '{}' FROM global_settings WHERE key = 'store.timezone'), 'UTC') AS zone_name)";

  static final String ZONE = "WITH " + ZONE_CTE + " SELECT zone_name FROM tz";

  /**
   * What the orders are now, as contributions: the orders that count (open or completed), their lines' kept units
   * (quantity less cancelled) with the kept share of discount and tax (half away from zero when a line is partly
   * cancelled), and their succeeded refunds by local day.
   */
  private static final String CONTRIBUTION_CTES = ZONE_CTE + ", "
      + "counted AS (SELECT o.id, o.currency, coalesce(o.location_id, " + NO_LOCATION + ") AS location_id, "
      + "(o.created_at AT TIME ZONE tz.zone_name)::date AS day, o.customer_id, o.shipping_amount, o.shipping_tax_amount "
      + "FROM orders o CROSS JOIN tz WHERE o.tenant_id = $1 AND o.id = ANY($2::uuid[]) "
      + "AND o.status IN ('open', 'completed')), "
      + "kept AS (SELECT l.order_id, l.variant_id, l.product_id, (l.quantity - l.cancelled_quantity)::bigint AS units, "
      + "l.unit_amount * (l.quantity - l.cancelled_quantity) AS gross, "
      + "round(l.discount_amount::numeric * (l.quantity - l.cancelled_quantity) / l.quantity)::bigint AS discount, "
      + "round(l.tax_amount::numeric * (l.quantity - l.cancelled_quantity) / l.quantity)::bigint AS tax "
      + "FROM order_lines l JOIN counted c ON c.id = l.order_id "
      + "WHERE l.tenant_id = $1 AND l.order_id = ANY($2::uuid[]) AND l.quantity > l.cancelled_quantity), "
      + "refunded AS (SELECT p.order_id, (f.created_at AT TIME ZONE tz.zone_name)::date AS day, "
      + "sum(f.amount)::bigint AS amount FROM payment_refunds f "
      + "JOIN payments p ON p.tenant_id = f.tenant_id AND p.id = f.payment_id CROSS JOIN tz "
      + "WHERE f.tenant_id = $1 AND p.tenant_id = $1 AND p.order_id = ANY($2::uuid[]) AND f.status = 'succeeded' "
      + "GROUP BY 1, 2)";

  /** An order's sales on its day, and its refunds on theirs (in the order's currency). */
  private static final String FRESH_SALES = "SELECT order_id, day, currency, location_id, "
      + "sum(orders)::int AS orders, sum(gross_sales)::bigint AS gross_sales, sum(discounts)::bigint AS discounts, "
      + "sum(tax)::bigint AS tax, sum(shipping)::bigint AS shipping, sum(refunds)::bigint AS refunds, "
      + "sum(units)::bigint AS units FROM ("
      + "SELECT c.id AS order_id, c.day, c.currency, c.location_id, 1 AS orders, coalesce(sum(k.gross), 0) AS gross_sales, "
      + "coalesce(sum(k.discount), 0) AS discounts, coalesce(sum(k.tax), 0) + c.shipping_tax_amount AS tax, "
      + "c.shipping_amount AS shipping, 0 AS refunds, coalesce(sum(k.units), 0) AS units "
      + "FROM counted c LEFT JOIN kept k ON k.order_id = c.id "
      + "GROUP BY c.id, c.day, c.currency, c.location_id, c.shipping_amount, c.shipping_tax_amount "
      + "UNION ALL SELECT c.id, r.day, c.currency, c.location_id, 0, 0, 0, 0, 0, r.amount, 0 "
      + "FROM refunded r JOIN counted c ON c.id = r.order_id) s GROUP BY order_id, day, currency, location_id";

  private static final String FRESH_PRODUCTS = "SELECT k.order_id, c.day, c.currency, c.location_id, k.variant_id, "
      + "k.product_id, sum(k.units)::bigint AS units, sum(k.gross - k.discount)::bigint AS revenue "
      + "FROM kept k JOIN counted c ON c.id = k.order_id GROUP BY 1, 2, 3, 4, 5, 6";

  private static final String FRESH_CUSTOMERS = "SELECT c.id AS order_id, c.customer_id, c.currency, 1 AS orders, "
      + "(coalesce((SELECT sum(k.gross) FROM kept k WHERE k.order_id = c.id), 0))::bigint AS gross_sales, "
      + "(coalesce((SELECT sum(k.gross - k.discount) FROM kept k WHERE k.order_id = c.id), 0) "
      + "- coalesce((SELECT sum(r.amount) FROM refunded r WHERE r.order_id = c.id), 0))::bigint AS net_sales "
      + "FROM counted c WHERE c.customer_id IS NOT NULL";

  private static final List<String> SALES_MEASURES =
      List.of("orders", "gross_sales", "discounts", "tax", "shipping", "refunds", "units");
  private static final List<String> PRODUCT_MEASURES = List.of("units", "revenue");
  private static final List<String> CUSTOMER_MEASURES = List.of("orders", "gross_sales", "net_sales");

  /** Replaces the orders' sales contributions and moves the daily aggregates by the difference. */
  static final String APPLY_SALES = apply("analytics_order_sales", "analytics_daily_sales",
      "day, currency, location_id", "day, currency, location_id", SALES_MEASURES, FRESH_SALES);

  static final String APPLY_PRODUCTS = apply("analytics_order_products", "analytics_daily_products",
      "day, currency, location_id, variant_id, product_id", "day, currency, location_id, variant_id",
      PRODUCT_MEASURES, FRESH_PRODUCTS);

  static final String APPLY_CUSTOMERS = apply("analytics_order_customers", "analytics_customer_totals",
      "customer_id, currency", "customer_id, currency", CUSTOMER_MEASURES, FRESH_CUSTOMERS);

  /**
   * One statement: delete the orders' old contribution rows, insert the new ones (both see the same snapshot, so the
   * delete never sees the inserted rows), and add new − old per aggregate key, in key order, touching only the
   * aggregate rows that change.
   */
  private static String apply(String contributions, String aggregate, String keys, String conflictKeys,
                              List<String> measures, String fresh) {
    String columns = String.join(", ", measures);
    return "WITH " + CONTRIBUTION_CTES + ", "
        + "gone AS (DELETE FROM " + contributions + " WHERE tenant_id = $1 AND order_id = ANY($2::uuid[]) "
        + "RETURNING " + keys + ", " + columns + "), "
        + "added AS (INSERT INTO " + contributions + " (tenant_id, order_id, " + keys + ", " + columns + ") "
        + "SELECT $1, order_id, " + keys + ", " + columns + " FROM (" + fresh + ") f RETURNING " + keys + ", " + columns
        + "), "
        + "delta AS (SELECT " + keys + ", " + each(measures, m -> "sum(" + m + ")::bigint AS " + m, ", ")
        + " FROM (SELECT " + keys + ", " + columns + " FROM added UNION ALL SELECT " + keys + ", "
        + each(measures, m -> "-" + m, ", ") + " FROM gone) d GROUP BY " + keys + ") "
        + "INSERT INTO " + aggregate + " AS a (tenant_id, " + keys + ", " + columns + ") "
        + "SELECT $1, " + keys + ", " + columns + " FROM delta WHERE " + each(measures, m -> m + " <> 0", " OR ")
        + " ORDER BY " + conflictKeys + " "
        + "ON CONFLICT (tenant_id, " + conflictKeys + ") DO UPDATE SET "
        + each(measures, m -> m + " = a." + m + " + EXCLUDED." + m, ", ");
  }

  private static String each(List<String> measures, java.util.function.Function<String, String> f, String separator) {
    return measures.stream().map(f).collect(Collectors.joining(separator));
  }

  /** Taken by every transaction that applies orders: a rebuild's re-summing takes it exclusively. */
  static final String LOCK_TENANT_SHARED = "SELECT pg_advisory_xact_lock_shared(8400, hashtext($1::text))::text";
  static final String LOCK_TENANT = "SELECT pg_advisory_xact_lock(8400, hashtext($1::text))::text";
  /** The orders being applied, in a fixed order: one transaction applies an order at a time. */
  static final String LOCK_ORDERS = "SELECT count(pg_advisory_xact_lock(8401, k)::text) FROM "
      + "(SELECT DISTINCT hashtext(x::text) AS k FROM unnest($1::uuid[]) x ORDER BY k) s";

  /** Orders created, or refunded, on the local days $2..$3 (both included) of the tenant's zone. */
  static final String ORDERS_OF_DAYS = "WITH " + ZONE_CTE + ", "
      + "bounds AS (SELECT ($2::date::timestamp AT TIME ZONE tz.zone_name) AS lo, "
      + "(($3::date + 1)::timestamp AT TIME ZONE tz.zone_name) AS hi FROM tz) "
      + "SELECT o.id FROM orders o CROSS JOIN bounds b WHERE o.tenant_id = $1 AND o.created_at >= b.lo "
      + "AND o.created_at < b.hi "
      + "UNION SELECT p.order_id FROM payment_refunds f JOIN payments p ON p.tenant_id = f.tenant_id "
      + "AND p.id = f.payment_id CROSS JOIN bounds b WHERE f.tenant_id = $1 AND f.created_at >= b.lo "
      + "AND f.created_at < b.hi ORDER BY 1";

  static final String CLEAR_DAILY_SALES = "DELETE FROM analytics_daily_sales WHERE tenant_id = $1 "
      + "AND day BETWEEN $2 AND $3";
  static final String SUM_DAILY_SALES = "INSERT INTO analytics_daily_sales (tenant_id, day, currency, location_id, "
      + "orders, gross_sales, discounts, tax, shipping, refunds, units) SELECT $1, day, currency, location_id, "
      + "sum(orders), sum(gross_sales), sum(discounts), sum(tax), sum(shipping), sum(refunds), sum(units) "
      + "FROM analytics_order_sales WHERE tenant_id = $1 AND day BETWEEN $2 AND $3 "
      + "GROUP BY day, currency, location_id";
  static final String CLEAR_DAILY_PRODUCTS = "DELETE FROM analytics_daily_products WHERE tenant_id = $1 "
      + "AND day BETWEEN $2 AND $3";
  static final String SUM_DAILY_PRODUCTS = "INSERT INTO analytics_daily_products (tenant_id, day, currency, "
      + "location_id, variant_id, product_id, units, revenue) SELECT $1, day, currency, location_id, variant_id, "
      + "min(product_id::text)::uuid, sum(units), sum(revenue) FROM analytics_order_products "
      + "WHERE tenant_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day, currency, location_id, variant_id";
  static final String CLEAR_CUSTOMER_TOTALS = "DELETE FROM analytics_customer_totals WHERE tenant_id = $1";
  static final String SUM_CUSTOMER_TOTALS = "INSERT INTO analytics_customer_totals (tenant_id, customer_id, currency, "
      + "orders, gross_sales, net_sales) SELECT $1, customer_id, currency, sum(orders), sum(gross_sales), "
      + "sum(net_sales) FROM analytics_order_customers WHERE tenant_id = $1 GROUP BY customer_id, currency";

  /** Days $2..$3, optionally one currency ($4) and one location ($5), summed per day and currency. */
  static final String DAILY_SALES = "SELECT day, currency, sum(orders)::bigint AS orders, "
      + "sum(gross_sales)::bigint AS gross_sales, sum(discounts)::bigint AS discounts, sum(tax)::bigint AS tax, "
      + "sum(shipping)::bigint AS shipping, sum(refunds)::bigint AS refunds, sum(units)::bigint AS units "
      + "FROM analytics_daily_sales WHERE tenant_id = $1 AND day BETWEEN $2 AND $3 "
      + "AND ($4::text IS NULL OR currency = $4::char(3)) AND ($5::uuid IS NULL OR location_id = $5::uuid) "
      + "GROUP BY day, currency ORDER BY currency, day";

  private static final String TOP_PRODUCTS = "SELECT t.product_id, t.variant_id, v.sku, p.title, t.currency, t.units, "
      + "t.revenue FROM (SELECT variant_id, min(product_id::text)::uuid AS product_id, currency, "
      + "sum(units)::bigint AS units, sum(revenue)::bigint AS revenue FROM analytics_daily_products "
      + "WHERE tenant_id = $1 AND day BETWEEN $2 AND $3 AND ($4::text IS NULL OR currency = $4::char(3)) "
      + "AND ($5::uuid IS NULL OR location_id = $5::uuid) GROUP BY variant_id, currency HAVING sum(units) > 0 "
      + "ORDER BY %1$s DESC, variant_id LIMIT $6) t "
      + "LEFT JOIN product_variants v ON v.tenant_id = $1 AND v.id = t.variant_id "
      + "LEFT JOIN products p ON p.tenant_id = $1 AND p.id = t.product_id ORDER BY t.%1$s DESC, t.variant_id";
  static final String TOP_PRODUCTS_BY_UNITS = String.format(TOP_PRODUCTS, "units");
  static final String TOP_PRODUCTS_BY_REVENUE = String.format(TOP_PRODUCTS, "revenue");

  private static final String TOP_CUSTOMERS = "SELECT customer_id, currency, orders, gross_sales, net_sales "
      + "FROM analytics_customer_totals WHERE tenant_id = $1 AND ($2::text IS NULL OR currency = $2::char(3)) "
      + "AND orders > 0 ORDER BY %s, customer_id LIMIT $3";
  static final String TOP_CUSTOMERS_BY_VALUE = String.format(TOP_CUSTOMERS, "net_sales DESC, orders DESC");
  static final String TOP_CUSTOMERS_BY_ORDERS = String.format(TOP_CUSTOMERS, "orders DESC, net_sales DESC");

  static final String LOW_STOCK = "SELECT v.product_id, l.variant_id, v.sku, l.location_id, l.on_hand, l.reserved, "
      + "l.on_hand - l.reserved AS available, l.low_stock_threshold FROM inventory_levels l "
      + "JOIN product_variants v ON v.tenant_id = l.tenant_id AND v.id = l.variant_id "
      + "WHERE l.tenant_id = $1 AND l.low_stock_threshold IS NOT NULL "
      + "AND l.on_hand - l.reserved <= l.low_stock_threshold AND ($2::uuid IS NULL OR l.location_id = $2::uuid) "
      + "ORDER BY (l.on_hand - l.reserved) - l.low_stock_threshold, l.variant_id, l.location_id LIMIT $3";

  private AnalyticsSql() {}
}
