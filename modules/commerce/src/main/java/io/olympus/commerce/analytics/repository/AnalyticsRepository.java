package io.olympus.commerce.analytics.repository;

import io.olympus.commerce.analytics.model.CustomerValue;
import io.olympus.commerce.analytics.model.DailySales;
import io.olympus.commerce.analytics.model.DateRange;
import io.olympus.commerce.analytics.model.LowStockLevel;
import io.olympus.commerce.analytics.model.LowStockQuery;
import io.olympus.commerce.analytics.model.ProductSales;
import io.olympus.commerce.analytics.model.SalesFigures;
import io.olympus.commerce.analytics.model.SalesQuery;
import io.olympus.commerce.analytics.model.TopCustomersQuery;
import io.olympus.commerce.analytics.model.TopProductsQuery;
import io.olympus.commerce.support.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** The analytics read model: applying orders to it, re-summing it, and the reports read from it. */
public final class AnalyticsRepository {

  private static final Function<Row, DailySales> DAILY = row -> new DailySales(row.getLocalDate("day"),
      row.getString("currency"), new SalesFigures(row.getLong("orders"), row.getLong("gross_sales"),
          row.getLong("discounts"), row.getLong("tax"), row.getLong("shipping"), row.getLong("refunds"),
          row.getLong("units")));

  private static final Function<Row, ProductSales> PRODUCT = row -> new ProductSales(row.getUUID("product_id"),
      row.getUUID("variant_id"), row.getString("sku"), row.getString("title"), row.getString("currency"),
      row.getLong("units"), row.getLong("revenue"));

  private static final Function<Row, CustomerValue> CUSTOMER = row -> new CustomerValue(row.getUUID("customer_id"),
      row.getString("currency"), row.getLong("orders"), row.getLong("gross_sales"), row.getLong("net_sales"));

  private static final Function<Row, LowStockLevel> LOW_STOCK = row -> new LowStockLevel(row.getUUID("product_id"),
      row.getUUID("variant_id"), row.getString("sku"), row.getUUID("location_id"), row.getLong("on_hand"),
      row.getLong("reserved"), row.getLong("available"), row.getLong("low_stock_threshold"));

  /**
   * Brings the read model in line with what {@code orders} are now, in the caller's tenant transaction: under the
   * orders' transaction locks (and the tenant's shared one), each measure's old contribution of these orders is
   * replaced by the new one and the aggregates move by the difference. Idempotent: applying an unchanged order
   * changes nothing. All statements go out together (pipelined).
   */
  public Future<Void> apply(SqlConnection conn, UUID tenantId, Collection<UUID> orders) {
    UUID[] ids = orders.toArray(UUID[]::new);
    Tuple both = Tuple.tuple().addUUID(tenantId).addArrayOfUUID(ids);
    Future<?> tenant = conn.preparedQuery(AnalyticsSql.LOCK_TENANT_SHARED).execute(Tuple.of(tenantId.toString()));
    Future<?> locked = conn.preparedQuery(AnalyticsSql.LOCK_ORDERS).execute(Tuple.tuple().addArrayOfUUID(ids));
    Future<?> sales = conn.preparedQuery(AnalyticsSql.APPLY_SALES).execute(both);
    Future<?> products = conn.preparedQuery(AnalyticsSql.APPLY_PRODUCTS).execute(both);
    Future<?> customers = conn.preparedQuery(AnalyticsSql.APPLY_CUSTOMERS).execute(both);
    return Future.all(tenant, locked, sales, products, customers).mapEmpty();
  }

  /** The tenant's report time zone (its {@code store.timezone}, else the platform's, else UTC). */
  public Future<String> zone(SqlConnection conn, UUID tenantId) {
    return conn.preparedQuery(AnalyticsSql.ZONE).execute(Tuple.of(tenantId))
        .map(rows -> rows.iterator().next().getString(0));
  }

  /** The ids of the orders created or refunded on the range's local days. */
  public Future<List<UUID>> ordersOf(SqlConnection conn, UUID tenantId, DateRange range) {
    return conn.preparedQuery(AnalyticsSql.ORDERS_OF_DAYS).execute(Tuple.of(tenantId, range.from(), range.to()))
        .map(rows -> Rows.all(rows, row -> row.getUUID(0)));
  }

  /**
   * Sums the aggregates of the range's days (and every customer's totals) again from the contributions, with the
   * tenant's lock held exclusively so that no order is applied meanwhile.
   */
  public Future<Void> resum(SqlConnection conn, UUID tenantId, DateRange range) {
    Tuple days = Tuple.of(tenantId, range.from(), range.to());
    Tuple tenant = Tuple.of(tenantId);
    Future<?> locked = conn.preparedQuery(AnalyticsSql.LOCK_TENANT).execute(Tuple.of(tenantId.toString()));
    Future<?> clearSales = conn.preparedQuery(AnalyticsSql.CLEAR_DAILY_SALES).execute(days);
    Future<?> sales = conn.preparedQuery(AnalyticsSql.SUM_DAILY_SALES).execute(days);
    Future<?> clearProducts = conn.preparedQuery(AnalyticsSql.CLEAR_DAILY_PRODUCTS).execute(days);
    Future<?> products = conn.preparedQuery(AnalyticsSql.SUM_DAILY_PRODUCTS).execute(days);
    Future<?> clearCustomers = conn.preparedQuery(AnalyticsSql.CLEAR_CUSTOMER_TOTALS).execute(tenant);
    Future<?> customers = conn.preparedQuery(AnalyticsSql.SUM_CUSTOMER_TOTALS).execute(tenant);
    return Future.all(List.of(locked, clearSales, sales, clearProducts, products, clearCustomers, customers))
        .mapEmpty();
  }

  /** The read model's sales per day and currency of the query's days, currency and location. */
  public Future<List<DailySales>> dailySales(SqlConnection conn, UUID tenantId, SalesQuery query) {
    return conn.preparedQuery(AnalyticsSql.DAILY_SALES)
        .execute(Tuple.of(tenantId, query.range().from(), query.range().to(), query.currency(), query.locationId()))
        .map(rows -> Rows.all(rows, DAILY));
  }

  public Future<List<ProductSales>> topProducts(SqlConnection conn, UUID tenantId, TopProductsQuery query) {
    String sql = TopProductsQuery.REVENUE.equals(query.by())
        ? AnalyticsSql.TOP_PRODUCTS_BY_REVENUE : AnalyticsSql.TOP_PRODUCTS_BY_UNITS;
    return conn.preparedQuery(sql)
        .execute(Tuple.tuple().addUUID(tenantId).addLocalDate(query.range().from()).addLocalDate(query.range().to())
            .addString(query.currency()).addUUID(query.locationId()).addInteger(query.limit()))
        .map(rows -> Rows.all(rows, PRODUCT));
  }

  public Future<List<CustomerValue>> topCustomers(SqlConnection conn, UUID tenantId, TopCustomersQuery query) {
    String sql = TopCustomersQuery.ORDERS.equals(query.by())
        ? AnalyticsSql.TOP_CUSTOMERS_BY_ORDERS : AnalyticsSql.TOP_CUSTOMERS_BY_VALUE;
    return conn.preparedQuery(sql).execute(Tuple.of(tenantId, query.currency(), query.limit()))
        .map(rows -> Rows.all(rows, CUSTOMER));
  }

  public Future<List<LowStockLevel>> lowStock(SqlConnection conn, UUID tenantId, LowStockQuery query) {
    return conn.preparedQuery(AnalyticsSql.LOW_STOCK).execute(Tuple.of(tenantId, query.locationId(), query.limit()))
        .map(rows -> Rows.all(rows, LOW_STOCK));
  }
}
