package io.olympus.commerce.analytics.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.analytics.ReadModelProbe;
import io.olympus.commerce.analytics.repository.AnalyticsRepository;
import io.olympus.commerce.analytics.service.AnalyticsConsumer;
import io.olympus.commerce.analytics.service.AnalyticsService;
import io.olympus.commerce.support.CommerceApiSupport;
import io.olympus.commerce.support.TestIdentity;
import io.olympus.common.outbox.Backoff;
import io.olympus.common.outbox.OutboxRelayVerticle;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analytics reports over the real router, PostgreSQL and Redis, with the outbox relay and the analytics consumer
 * deployed: orders placed, cancelled, paid and refunded over HTTP reach the reports through their events.
 */
class AnalyticsApiTest extends CommerceApiSupport {

  private static final List<String> STAFF = Stream.concat(TestIdentity.ALL.stream(),
      Stream.of("orders:read", "orders:write", "customers:read", "customers:write", "payments:read",
          "payments:write", "payments:refund", "analytics:read", "analytics:manage")).toList();

  private Pool pool;
  private List<String> deployments;
  private ReadModelProbe probe;
  private String staffA;
  private String staffB;
  private String mug;
  private String lamp;
  private String today;

  @BeforeEach
  void deployAnalytics(Vertx vertx) {
    pool = TestInfra.get().appPool(vertx);
    deployments = List.of(
        vertx.deployVerticle(new OutboxRelayVerticle(pool, null, null, app.context().config().outbox())).await(),
        vertx.deployVerticle(new AnalyticsConsumer(pool, new AnalyticsService(pool, new AnalyticsRepository()),
            new Backoff(5, 10, 100))).await());
    probe = new ReadModelProbe(vertx, owner);
    staffA = identity.token(TENANT_A, STAFF);
    staffB = identity.token(TENANT_B, STAFF);
    mug = createProduct(staffA, "Mug", "MUG-1", 900).getJsonArray("variants").getJsonObject(0).getString("id");
    lamp = createProduct(staffA, "Lamp", "LAMP-1", 4000).getJsonArray("variants").getJsonObject(0).getString("id");
    receive(staffA, mug, WAREHOUSE, 100);
    receive(staffA, mug, STORE, 100);
    receive(staffA, lamp, WAREHOUSE, 100);
    receive(staffA, lamp, STORE, 100);
    today = LocalDate.now(ZoneOffset.UTC).toString();
  }

  @AfterEach
  void undeployAnalytics(Vertx vertx) {
    deployments.forEach(id -> vertx.undeploy(id).await());
    pool.close().await();
  }

  private JsonObject order(String token, UUID location, String customer, String variant, int quantity) {
    JsonObject body = new JsonObject().put("currency", "EUR").put("location_id", location.toString())
        .put("lines", new JsonArray().add(new JsonObject().put("variant_id", variant).put("quantity", quantity)));
    if (customer != null) {
      body.put("customer_id", customer);
    }
    HttpResponse<Buffer> response = request(HttpMethod.POST, "/api/v1/orders", token)
        .putHeader("Idempotency-Key", UUID.randomUUID().toString()).sendJsonObject(body).await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> get(String path, String token) {
    return send(HttpMethod.GET, path, token, null);
  }

  private JsonObject ok(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private String customer(String email) {
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/api/v1/customers", staffA, new JsonObject()
        .put("email", email));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject().getString("id");
  }

  /**
   * Three orders today: 2 mugs at the warehouse, 1 lamp at the warehouse (paid, then 1,000 refunded), 3 mugs at the
   * store; and 5 lamps at the store, cancelled.
   */
  private void sellToday() {
    String ada = customer("ada@example.com");
    order(staffA, WAREHOUSE, ada, mug, 2);
    JsonObject lampOrder = order(staffA, WAREHOUSE, ada, lamp, 1);
    order(staffA, STORE, null, mug, 3);
    JsonObject cancelled = order(staffA, STORE, null, lamp, 5);
    HttpResponse<Buffer> cancel = send(HttpMethod.POST, "/api/v1/orders/" + cancelled.getString("id") + "/cancel",
        staffA, new JsonObject());
    assertThat(cancel.statusCode()).as(cancel.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> paid = request(HttpMethod.POST, "/api/v1/payments/process", staffA)
        .putHeader("Idempotency-Key", "pay-lamp").sendJsonObject(new JsonObject()
            .put("order_id", lampOrder.getString("id")).put("currency", "EUR").put("token", "tok_sandbox_success"))
        .await();
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> refund = request(HttpMethod.POST, "/api/v1/payments/" + paid.bodyAsJsonObject()
            .getString("id") + "/refunds", staffA).putHeader("Idempotency-Key", "refund-lamp")
        .sendJsonObject(new JsonObject().put("amount", 1000)).await();
    assertThat(refund.statusCode()).as(refund.bodyAsString()).isEqualTo(201);
    probe.awaitSettled(TENANT_A);
  }

  @Test
  void shouldReportSalesTotalsSeriesAndAverageOrderValueFromTheOrderEvents() {
    sellToday();

    JsonObject report = ok(get("/api/v1/analytics/sales?from=" + today + "&to=" + today, staffA));
    JsonObject monthly = ok(get("/api/v1/analytics/sales?from=" + today + "&to=" + today + "&interval=month"
        + "&currency=EUR", staffA));
    String weekBefore = LocalDate.parse(today).minusDays(7).toString();
    JsonObject weekly = ok(get("/api/v1/analytics/sales?from=" + weekBefore + "&to=" + today + "&interval=week"
        + "&currency=USD", staffA));
    JsonObject store = ok(get("/api/v1/analytics/sales?from=" + today + "&to=" + today + "&location_id=" + STORE,
        staffA));

    assertThat(report.getString("time_zone")).isEqualTo("UTC");
    JsonArray currencies = report.getJsonArray("currencies");
    assertThat(currencies).hasSize(1);
    JsonObject totals = currencies.getJsonObject(0).getJsonObject("totals");
    assertThat(currencies.getJsonObject(0).getString("currency")).isEqualTo("EUR");
    assertThat(totals.getLong("orders")).isEqualTo(3);
    assertThat(totals.getLong("gross_sales_amount")).isEqualTo(5 * 900 + 4000);
    assertThat(totals.getLong("refund_amount")).isEqualTo(1000);
    assertThat(totals.getLong("net_sales_amount")).isEqualTo(5 * 900 + 4000 - 1000);
    assertThat(totals.getLong("units")).isEqualTo(6);
    assertThat(totals.getLong("average_order_value_amount")).isEqualTo(2833);
    assertThat(currencies.getJsonObject(0).getJsonArray("series")).hasSize(1);
    JsonObject month = monthly.getJsonArray("currencies").getJsonObject(0).getJsonArray("series").getJsonObject(0);
    assertThat(month.getString("start")).isEqualTo(today);
    assertThat(month.getString("end")).isEqualTo(today);
    assertThat(month.getLong("orders")).isEqualTo(3);
    JsonObject dollars = weekly.getJsonArray("currencies").getJsonObject(0);
    assertThat(dollars.getString("currency")).isEqualTo("USD");
    assertThat(dollars.getJsonArray("series")).hasSizeBetween(2, 3);
    assertThat(dollars.getJsonArray("series").getJsonObject(0).getString("start")).isEqualTo(weekBefore);
    assertThat(dollars.getJsonObject("totals").getLong("orders")).isZero();
    assertThat(dollars.getJsonObject("totals").getValue("average_order_value_amount")).isNull();
    JsonObject storeTotals = store.getJsonArray("currencies").getJsonObject(0).getJsonObject("totals");
    assertThat(storeTotals.getLong("orders")).isEqualTo(1);
    assertThat(storeTotals.getLong("gross_sales_amount")).isEqualTo(2700);
  }

  @Test
  void shouldRankProductsAndCustomers() {
    sellToday();

    JsonObject byUnits = ok(get("/api/v1/analytics/products/top?from=" + today + "&to=" + today, staffA));
    JsonObject byRevenue = ok(get("/api/v1/analytics/products/top?from=" + today + "&to=" + today
        + "&by=revenue&currency=EUR&limit=1", staffA));
    JsonObject customers = ok(get("/api/v1/analytics/customers/top?currency=EUR", staffA));
    JsonObject mostOrders = ok(get("/api/v1/analytics/customers/top?by=orders", staffA));

    JsonArray units = byUnits.getJsonArray("items");
    assertThat(units).hasSize(2);
    assertThat(units.getJsonObject(0).getString("variant_id")).isEqualTo(mug);
    assertThat(units.getJsonObject(0).getString("sku")).isEqualTo("MUG-1");
    assertThat(units.getJsonObject(0).getLong("units")).isEqualTo(5);
    assertThat(units.getJsonObject(1).getLong("units")).isEqualTo(1);
    JsonArray revenue = byRevenue.getJsonArray("items");
    assertThat(revenue).hasSize(1);
    assertThat(revenue.getJsonObject(0).getString("variant_id")).isEqualTo(mug);
    assertThat(revenue.getJsonObject(0).getLong("revenue_amount")).isEqualTo(4500);
    JsonObject ada = customers.getJsonArray("items").getJsonObject(0);
    assertThat(customers.getJsonArray("items")).hasSize(1);
    assertThat(ada.getLong("orders")).isEqualTo(2);
    assertThat(ada.getLong("gross_sales_amount")).isEqualTo(1800 + 4000);
    assertThat(ada.getLong("lifetime_value_amount")).isEqualTo(1800 + 4000 - 1000);
    assertThat(ada.containsKey("email")).isFalse();
    assertThat(mostOrders.getJsonArray("items").getJsonObject(0).getLong("orders")).isEqualTo(2);
  }

  @Test
  void shouldListStockLevelsAtOrBelowTheirThreshold() {
    owner.preparedQuery("UPDATE inventory_levels SET low_stock_threshold = 100 WHERE tenant_id = $1 "
        + "AND location_id = $2").execute(Tuple.of(TENANT_A, WAREHOUSE)).await();
    order(staffA, WAREHOUSE, null, mug, 4);
    probe.awaitSettled(TENANT_A);

    JsonObject all = ok(get("/api/v1/analytics/inventory/low-stock", staffA));
    JsonObject store = ok(get("/api/v1/analytics/inventory/low-stock?location_id=" + STORE, staffA));

    JsonArray items = all.getJsonArray("items");
    assertThat(items).hasSize(2);
    assertThat(items.getJsonObject(0).getString("variant_id")).isEqualTo(mug);
    assertThat(items.getJsonObject(0).getLong("available")).isEqualTo(96);
    assertThat(items.getJsonObject(0).getLong("reserved")).isEqualTo(4);
    assertThat(items.getJsonObject(1).getLong("available")).isEqualTo(100);
    assertThat(store.getJsonArray("items")).isEmpty();
  }

  @Test
  void shouldRebuildTheReadModelFromTheOrdersAfterItWasLost() {
    sellToday();
    Map<String, List<Long>> before = probe.dailySales(TENANT_A);
    for (String table : List.of("analytics_order_sales", "analytics_daily_sales", "analytics_order_products",
        "analytics_daily_products", "analytics_order_customers", "analytics_customer_totals")) {
      owner.query("DELETE FROM " + table).execute().await();
    }

    HttpResponse<Buffer> rebuilt = send(HttpMethod.POST, "/api/v1/analytics/rebuild", staffA, new JsonObject()
        .put("from", today).put("to", today));

    JsonObject body = ok(rebuilt);
    assertThat(body.getLong("orders")).isEqualTo(4);
    assertThat(probe.dailySales(TENANT_A)).isEqualTo(before).isNotEmpty();
    assertThat(ok(get("/api/v1/analytics/customers/top?currency=EUR", staffA)).getJsonArray("items")).hasSize(1);
  }

  @Test
  void shouldShowATenantOnlyItsOwnFigures() {
    sellToday();

    JsonObject other = ok(get("/api/v1/analytics/sales?from=" + today + "&to=" + today, staffB));
    JsonObject otherProducts = ok(get("/api/v1/analytics/products/top?from=" + today + "&to=" + today, staffB));
    JsonObject otherCustomers = ok(get("/api/v1/analytics/customers/top?by=orders", staffB));
    JsonObject otherStock = ok(get("/api/v1/analytics/inventory/low-stock", staffB));

    assertThat(other.getJsonArray("currencies")).isEmpty();
    assertThat(otherProducts.getJsonArray("items")).isEmpty();
    assertThat(otherCustomers.getJsonArray("items")).isEmpty();
    assertThat(otherStock.getJsonArray("items")).isEmpty();
    assertThat(probe.dailySales(TENANT_B)).isEmpty();
  }

  @Test
  void shouldLetALocationScopedUserReadOnlyTheirLocation() {
    sellToday();
    String clerk = identity.token(TENANT_A, List.of(), Map.of("analytics:read", WAREHOUSE));
    String range = "from=" + today + "&to=" + today;

    JsonObject warehouse = ok(get("/api/v1/analytics/sales?" + range + "&location_id=" + WAREHOUSE, clerk));
    HttpResponse<Buffer> everywhere = get("/api/v1/analytics/sales?" + range, clerk);
    HttpResponse<Buffer> store = get("/api/v1/analytics/sales?" + range + "&location_id=" + STORE, clerk);
    HttpResponse<Buffer> products = get("/api/v1/analytics/products/top?" + range + "&location_id=" + WAREHOUSE, clerk);
    HttpResponse<Buffer> productsEverywhere = get("/api/v1/analytics/products/top?" + range, clerk);
    HttpResponse<Buffer> customers = get("/api/v1/analytics/customers/top?by=orders", clerk);
    HttpResponse<Buffer> rebuild = send(HttpMethod.POST, "/api/v1/analytics/rebuild", clerk, new JsonObject()
        .put("from", today).put("to", today));

    assertThat(warehouse.getJsonArray("currencies").getJsonObject(0).getJsonObject("totals").getLong("orders"))
        .isEqualTo(2);
    assertThat(everywhere.statusCode()).isEqualTo(403);
    assertThat(store.statusCode()).isEqualTo(403);
    assertThat(ok(products).getJsonArray("items")).hasSize(2);
    assertThat(productsEverywhere.statusCode()).isEqualTo(403);
    assertThat(customers.statusCode()).isEqualTo(403);
    assertThat(rebuild.statusCode()).isEqualTo(403);
  }

  @Test
  void shouldRefuseCallersWithoutThePermissions() {
    String reader = identity.token(TENANT_A, List.of("analytics:read"));
    String nobody = identity.token(TENANT_A, List.of("orders:read"));
    String range = "from=" + today + "&to=" + today;

    assertThat(get("/api/v1/analytics/sales?" + range, nobody).statusCode()).isEqualTo(403);
    assertThat(get("/api/v1/analytics/customers/top?by=orders", nobody).statusCode()).isEqualTo(403);
    assertThat(get("/api/v1/analytics/inventory/low-stock", nobody).statusCode()).isEqualTo(403);
    assertThat(get("/api/v1/analytics/sales?" + range, reader).statusCode()).isEqualTo(200);
    assertThat(send(HttpMethod.POST, "/api/v1/analytics/rebuild", reader, new JsonObject().put("from", today)
        .put("to", today)).statusCode()).isEqualTo(403);
    assertThat(client.get("/api/v1/analytics/sales?" + range).send().await().statusCode()).isEqualTo(401);
  }

  @Test
  void shouldRefuseBadReportParametersNamingTheField() {
    String sales = "/api/v1/analytics/sales?";
    String top = "/api/v1/analytics/products/top?from=2026-01-01&to=2026-01-31&";

    assertThat(fields(get(sales + "to=2026-01-01", staffA))).containsExactly("from");
    assertThat(fields(get(sales + "from=2026-01-01", staffA))).containsExactly("to");
    assertThat(fields(get(sales + "from=2026-13-01&to=2026-12-01", staffA))).containsExactly("from");
    assertThat(fields(get(sales + "from=2026-1-1&to=2026-01-02", staffA))).containsExactly("from");
    assertThat(fields(get(sales + "from=2026-02-30&to=2026-03-01", staffA))).containsExactly("from");
    assertThat(fields(get(sales + "from=2026-02-01&to=2026-01-01", staffA))).containsExactly("to");
    assertThat(fields(get(sales + "from=2025-01-01&to=2026-01-02", staffA))).containsExactly("to");
    assertThat(get(sales + "from=2025-01-02&to=2026-01-02", staffA).statusCode()).isEqualTo(200);
    assertThat(fields(get(sales + "from=2026-01-01&to=2026-01-02&interval=hour", staffA)))
        .containsExactly("interval");
    assertThat(fields(get(sales + "from=2026-01-01&to=2026-01-02&currency=eur", staffA))).containsExactly("currency");
    assertThat(fields(get(sales + "from=2026-01-01&to=2026-01-02&currency=XYZ", staffA))).containsExactly("currency");
    assertThat(fields(get(sales + "from=2026-01-01&to=2026-01-02&location_id=store-1", staffA)))
        .containsExactly("location_id");
    assertThat(fields(get(sales + "from=x&to=y&interval=year&currency=1&location_id=z", staffA)))
        .containsExactlyInAnyOrder("from", "to", "interval", "currency", "location_id");
    assertThat(fields(get(top + "by=price", staffA))).containsExactly("by");
    assertThat(fields(get(top + "by=revenue", staffA))).containsExactly("currency");
    assertThat(fields(get(top + "limit=0", staffA))).containsExactly("limit");
    assertThat(fields(get(top + "limit=101", staffA))).containsExactly("limit");
    assertThat(fields(get(top + "limit=1e3", staffA))).containsExactly("limit");
    assertThat(fields(get("/api/v1/analytics/customers/top", staffA))).containsExactly("currency");
    assertThat(fields(get("/api/v1/analytics/customers/top?by=orders&limit=-1", staffA))).containsExactly("limit");
    assertThat(fields(get("/api/v1/analytics/inventory/low-stock?limit=501", staffA))).containsExactly("limit");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/analytics/rebuild", staffA, new JsonObject()
        .put("from", "2026-01-01")))).containsExactly("to");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/analytics/rebuild", staffA, new JsonObject()
        .put("from", 20260101).put("to", "2027-06-01")))).containsExactly("from");
    assertThat(fields(send(HttpMethod.POST, "/api/v1/analytics/rebuild", staffA, new JsonObject()
        .put("from", "2026-01-01").put("to", "2027-06-01")))).containsExactly("to");
    HttpResponse<Buffer> huge = get(sales + "from=" + "9".repeat(5000) + "&to=2026-01-01", staffA);
    assertThat(huge.statusCode()).isBetween(400, 431);
    HttpResponse<Buffer> nul = get(sales + "from=2026-01-01%00&to=2026-01-02", staffA);
    assertThat(nul.statusCode()).isEqualTo(400);
  }
}
