package io.olympus.commerce.promotion.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.CommerceApiSupport;
import io.olympus.commerce.support.TestIdentity;
import io.olympus.common.db.Tenancy;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Promotions over HTTP: the admin API, codes on carts, discounts on carts and orders, limits under concurrency. */
class PromotionApiTest extends CommerceApiSupport {

  private static final List<String> STAFF = Stream.concat(TestIdentity.ALL.stream(), Stream.of("orders:read",
      "orders:write", "customers:read", "customers:write", "promotions:read", "promotions:write")).toList();

  private String staffA;
  private String staffB;
  private String mug;
  private String cup;

  @BeforeEach
  void staff() {
    staffA = identity.token(TENANT_A, STAFF);
    staffB = identity.token(TENANT_B, STAFF);
    mug = createProduct(staffA, "Mug", "MUG-1", 900).getJsonArray("variants").getJsonObject(0).getString("id");
    cup = createProduct(staffA, "Cup", "CUP-1", 500).getJsonArray("variants").getJsonObject(0).getString("id");
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body, String cartToken,
                                    String key) {
    HttpRequest<Buffer> request = request(method, path, token);
    if (cartToken != null) {
      request.putHeader("Cart-Token", cartToken);
    }
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  private JsonObject createPromotion(String token, JsonObject body) {
    HttpResponse<Buffer> created = send(HttpMethod.POST, "/api/v1/promotions", token, body);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private static JsonObject percentage(String name, double percent) {
    return new JsonObject().put("name", name).put("type", "percentage").put("percent_off", percent);
  }

  private static JsonObject eur(long amount) {
    return new JsonObject().put("amount", amount).put("currency", "EUR");
  }

  /** An anonymous EUR cart of (variant, quantity) pairs: {id, token}. */
  private JsonObject cart(Object... variantsAndQuantities) {
    JsonArray lines = new JsonArray();
    for (int i = 0; i < variantsAndQuantities.length; i += 2) {
      lines.add(new JsonObject().put("variant_id", variantsAndQuantities[i]).put("quantity", variantsAndQuantities[i + 1]));
    }
    HttpResponse<Buffer> created = send(HttpMethod.POST, "/api/v1/carts", staffA,
        new JsonObject().put("currency", "EUR").put("lines", lines));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> applyCode(JsonObject cart, String code) {
    return call(HttpMethod.POST, "/api/v1/carts/" + cart.getString("id") + "/promotion-codes", staffA,
        new JsonObject().put("code", code), cart.getString("token"), null);
  }

  private HttpResponse<Buffer> checkout(JsonObject cart, String key) {
    return call(HttpMethod.POST, "/api/v1/carts/" + cart.getString("id") + "/checkout", staffA, new JsonObject(),
        cart.getString("token"), key);
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String type) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type")).endsWith(":" + type);
  }

  private long owned(String sql, Object... params) {
    return owner.preparedQuery(sql).execute(Tuple.from(params)).await().iterator().next().getLong(0);
  }

  private static JsonObject lineOf(JsonObject body, String variant) {
    return body.getJsonArray("lines").stream().map(JsonObject.class::cast)
        .filter(l -> l.getString("variant_id").equals(variant)).findFirst().orElseThrow();
  }

  @Test
  void shouldCreateReadChangeAndDeleteAPromotionWithEventsAndAudit() {
    HttpResponse<Buffer> created = send(HttpMethod.POST, "/api/v1/promotions", staffA,
        percentage("Summer", 12.5).put("codes", new JsonArray().add("summer10")).put("description", "Sun"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject promotion = created.bodyAsJsonObject();
    String path = "/api/v1/promotions/" + promotion.getString("id");
    assertThat(created.getHeader("Location")).isEqualTo(path);
    assertThat(promotion.getDouble("percent_off")).isEqualTo(12.5);
    assertThat(promotion.getString("stacking")).isEqualTo("combinable");
    assertThat(promotion.getInteger("priority")).isEqualTo(100);
    assertThat(promotion.getInteger("code_count")).isEqualTo(1);
    assertThat(promotion.getInteger("usage_count")).isZero();

    HttpResponse<Buffer> read = send(HttpMethod.GET, path, staffA, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getString("name")).isEqualTo("Summer");
    String etag = read.getHeader("ETag");

    HttpResponse<Buffer> changed = request(HttpMethod.PATCH, path, staffA).putHeader("If-Match", etag)
        .sendJsonObject(new JsonObject().put("priority", 5).put("usage_limit", 10).put("description", null)).await();
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    assertThat(changed.bodyAsJsonObject().getInteger("priority")).isEqualTo(5);
    assertThat(changed.bodyAsJsonObject().getInteger("usage_limit")).isEqualTo(10);
    assertThat(changed.bodyAsJsonObject().getString("description")).isNull();
    assertThat(changed.bodyAsJsonObject().getDouble("percent_off")).isEqualTo(12.5);
    assertThat(changed.bodyAsJsonObject().getInteger("version")).isEqualTo(2);
    assertProblem(request(HttpMethod.PATCH, path, staffA).putHeader("If-Match", etag)
        .sendJsonObject(new JsonObject().put("priority", 6)).await(), 412, "precondition-failed");

    assertThat(send(HttpMethod.DELETE, path, staffA, null).statusCode()).isEqualTo(204);
    assertProblem(send(HttpMethod.GET, path, staffA, null), 404, "not-found");
    assertProblem(send(HttpMethod.DELETE, path, staffA, null), 404, "not-found");

    assertThat(owned("SELECT count(*) FROM outbox_event WHERE tenant_id = $1 AND type = $2", TENANT_A,
        "promotion.created")).isEqualTo(1);
    assertThat(owned("SELECT count(*) FROM outbox_event WHERE tenant_id = $1 AND type = $2", TENANT_A,
        "promotion.updated")).isEqualTo(2);
    assertThat(owned("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = $2", TENANT_A,
        "promotion.created")).isEqualTo(1);
    assertThat(owned("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = $2", TENANT_A,
        "promotion.updated")).isEqualTo(2);
  }

  @Test
  void shouldPageWithKeysetCursorsAndFilterByActiveAndCode() {
    createPromotion(staffA, percentage("One", 5));
    createPromotion(staffA, percentage("Two", 5).put("active", false));
    createPromotion(staffA, percentage("Three", 5).put("starts_at", "2020-01-01T00:00:00Z")
        .put("ends_at", "2021-01-01T00:00:00Z"));
    createPromotion(staffA, percentage("Four", 5).put("codes", new JsonArray().add("FindMe")));
    createPromotion(staffA, percentage("Five", 5));

    List<String> names = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      HttpResponse<Buffer> page = send(HttpMethod.GET, "/api/v1/promotions?limit=2"
          + (cursor == null ? "" : "&cursor=" + cursor), staffA, null);
      assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
      page.bodyAsJsonObject().getJsonArray("items").forEach(p -> names.add(((JsonObject) p).getString("name")));
      cursor = page.bodyAsJsonObject().getString("next_cursor");
      pages++;
    } while (cursor != null);
    assertThat(names).containsExactly("Five", "Four", "Three", "Two", "One");
    assertThat(pages).isEqualTo(3);

    assertThat(names(send(HttpMethod.GET, "/api/v1/promotions?active=true", staffA, null)))
        .containsExactly("Five", "Four", "One");
    assertThat(names(send(HttpMethod.GET, "/api/v1/promotions?active=false", staffA, null)))
        .containsExactly("Three", "Two");
    assertThat(names(send(HttpMethod.GET, "/api/v1/promotions?code=fINDme", staffA, null))).containsExactly("Four");
    assertThat(names(send(HttpMethod.GET, "/api/v1/promotions?code=NOPE1", staffA, null))).isEmpty();
  }

  private static List<String> names(HttpResponse<Buffer> page) {
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    return page.bodyAsJsonObject().getJsonArray("items").stream().map(p -> ((JsonObject) p).getString("name")).toList();
  }

  @Test
  void shouldRefuseHostileInputNamingTheFieldWithoutAServerError() {
    String path = "/api/v1/promotions";
    assertThat(fields(send(HttpMethod.POST, path, staffA, new JsonObject()))).contains("name", "type");
    for (Object bad : new Object[] {0, 101, 12.345, "ten", -5, new JsonArray()}) {
      assertThat(fields(send(HttpMethod.POST, path, staffA, percentage("P", 1).put("percent_off", bad))))
          .as("percent_off %s", bad).containsExactly("percent_off");
    }
    assertThat(fields(send(HttpMethod.POST, path, staffA, new JsonObject().put("name", "F").put("type", "fixed_amount"))))
        .containsExactly("amounts_off");
    assertThat(fields(send(HttpMethod.POST, path, staffA, new JsonObject().put("name", "F").put("type", "fixed_amount")
        .put("amounts_off", new JsonArray().add(eur(-1)).add(new JsonObject().put("amount", 5).put("currency", "EURO"))
            .add(eur(5)).add(eur(6))))))
        .containsExactlyInAnyOrder("amounts_off[0].amount", "amounts_off[1].currency", "amounts_off[3].currency");
    assertThat(fields(send(HttpMethod.POST, path, staffA, percentage("P", 5).put("amounts_off",
        new JsonArray().add(eur(5)))))).containsExactly("amounts_off");
    assertThat(fields(send(HttpMethod.POST, path, staffA, percentage("P", 5).put("type", "bogus"))))
        .contains("type");
    assertThat(fields(send(HttpMethod.POST, path, staffA, percentage("P", 5).put("starts_at", "2026-02-01T00:00:00Z")
        .put("ends_at", "2026-01-01T00:00:00Z")))).containsExactly("ends_at");
    assertThat(fields(send(HttpMethod.POST, path, staffA, percentage("P", 5).put("starts_at", "yesterday"))))
        .containsExactly("starts_at");
    assertThat(fields(send(HttpMethod.POST, path, staffA, new JsonObject().put("name", "B").put("type", "buy_x_get_y")
        .put("get_quantity", 1)))).containsExactly("buy_quantity");
    assertThat(fields(send(HttpMethod.POST, path, staffA, percentage("P", 5).put("codes", new JsonArray().add("ab")
        .add("GOOD1").add("good1").add("bad code!"))))).containsExactly("codes[0]", "codes[2]", "codes[3]");
    assertThat(fields(send(HttpMethod.POST, path, staffA, percentage("P", 5).put("price", 5)))).containsExactly("price");
    assertThat(fields(send(HttpMethod.POST, path, staffA, percentage("P", 5).put("target", "lines")
        .put("applies_to", new JsonObject().put("variant_ids", new JsonArray().add("not-a-uuid"))))))
        .containsExactly("applies_to.variant_ids");
    assertThat(fields(send(HttpMethod.POST, path, staffA, percentage("P", 5)
        .put("applies_to", new JsonObject().put("variant_ids", new JsonArray().add(mug))))))
        .containsExactly("applies_to");
    assertThat(fields(send(HttpMethod.POST, path, staffA, percentage("P", 5).put("usage_limit", 0)
        .put("priority", -1).put("automatic", "yes").put("customer_groups", new JsonArray().add(""))
        .put("max_discounts", new JsonArray().add("x")))))
        .containsExactlyInAnyOrder("usage_limit", "priority", "automatic", "customer_groups[0]", "max_discounts[0]");
    assertThat(fields(send(HttpMethod.POST, path, staffA, percentage("P", 5).put("automatic", true)
        .put("codes", new JsonArray().add("AUTO1"))))).containsExactly("codes");
    assertThat(fields(send(HttpMethod.POST, path, staffA, new JsonObject().put("name", "S").put("type", "free_shipping")
        .put("target", "lines")))).containsExactly("target");

    String id = createPromotion(staffA, percentage("P", 5).put("codes", new JsonArray().add("CODE1"))).getString("id");
    String one = path + "/" + id;
    assertThat(fields(send(HttpMethod.PATCH, one, staffA, new JsonObject()))).containsExactly("body");
    assertThat(fields(send(HttpMethod.PATCH, one, staffA, new JsonObject().put("usage_count", 5).put("id", "x"))))
        .containsExactlyInAnyOrder("usage_count", "id");
    assertThat(fields(send(HttpMethod.PATCH, one, staffA, new JsonObject().put("percent_off", 200))))
        .containsExactly("percent_off");
    assertThat(fields(send(HttpMethod.PATCH, one, staffA, new JsonObject().put("automatic", true))))
        .containsExactly("automatic");
    assertThat(fields(send(HttpMethod.PATCH, one, staffA, new JsonObject().put("codes", new JsonArray().add("X12")))))
        .containsExactly("codes");
    assertThat(fields(send(HttpMethod.GET, path + "?limit=0", staffA, null))).containsExactly("limit");
    assertThat(fields(send(HttpMethod.GET, path + "?active=yes&cursor=%40%40", staffA, null)))
        .containsExactlyInAnyOrder("active", "cursor");
    assertThat(send(HttpMethod.GET, path + "/not-a-uuid", staffA, null).statusCode()).isEqualTo(400);
    assertThat(fields(send(HttpMethod.POST, one + "/codes", staffA, new JsonObject().put("count", 0))))
        .containsExactly("count");
    assertThat(fields(send(HttpMethod.POST, one + "/codes", staffA, new JsonObject()))).containsExactly("codes");
    assertThat(fields(send(HttpMethod.POST, one + "/codes", staffA, new JsonObject().put("count", 2)
        .put("codes", new JsonArray().add("ABCD"))))).containsExactly("codes");
    assertThat(fields(send(HttpMethod.POST, one + "/codes", staffA, new JsonObject().put("count", 2)
        .put("prefix", "no spaces").put("length", 99)))).containsExactlyInAnyOrder("prefix", "length");

    JsonObject cart = cart(mug, 1);
    assertThat(fields(applyCode(cart, "x"))).containsExactly("code");
    assertThat(fields(applyCode(cart, "NOT-A-CODE"))).containsExactly("code");
    assertThat(fields(call(HttpMethod.POST, "/api/v1/carts/" + cart.getString("id") + "/promotion-codes", staffA,
        new JsonObject(), cart.getString("token"), null))).containsExactly("code");
  }

  @Test
  void shouldRequireThePromotionPermissions() {
    String reader = identity.token(TENANT_A, List.of("products:read", "promotions:read"));
    String stranger = identity.token(TENANT_A, List.of("products:read"));
    String id = createPromotion(staffA, percentage("P", 5)).getString("id");

    assertProblem(send(HttpMethod.GET, "/api/v1/promotions", stranger, null), 403, "forbidden");
    assertProblem(send(HttpMethod.GET, "/api/v1/promotions/" + id, stranger, null), 403, "forbidden");
    assertThat(send(HttpMethod.GET, "/api/v1/promotions", reader, null).statusCode()).isEqualTo(200);
    assertThat(send(HttpMethod.GET, "/api/v1/promotions/" + id + "/codes", reader, null).statusCode()).isEqualTo(200);
    assertProblem(send(HttpMethod.POST, "/api/v1/promotions", reader, percentage("Q", 5)), 403, "forbidden");
    assertProblem(send(HttpMethod.PATCH, "/api/v1/promotions/" + id, reader, new JsonObject().put("priority", 1)),
        403, "forbidden");
    assertProblem(send(HttpMethod.DELETE, "/api/v1/promotions/" + id, reader, null), 403, "forbidden");
    assertProblem(send(HttpMethod.POST, "/api/v1/promotions/" + id + "/codes", reader,
        new JsonObject().put("count", 1)), 403, "forbidden");
    assertThat(client.request(HttpMethod.GET, "/api/v1/promotions").send().await().statusCode()).isEqualTo(401);
  }

  @Test
  void shouldAnswer404ForAnotherTenantsPromotionAndHideItsRowsUnderRowLevelSecurity(Vertx vertx) {
    JsonObject promotion = createPromotion(staffA, percentage("A only", 5).put("codes", new JsonArray().add("SHARED1")));
    String path = "/api/v1/promotions/" + promotion.getString("id");

    assertProblem(send(HttpMethod.GET, path, staffB, null), 404, "not-found");
    assertProblem(send(HttpMethod.PATCH, path, staffB, new JsonObject().put("priority", 1)), 404, "not-found");
    assertProblem(send(HttpMethod.DELETE, path, staffB, null), 404, "not-found");
    assertProblem(send(HttpMethod.GET, path + "/codes", staffB, null), 404, "not-found");
    assertProblem(send(HttpMethod.POST, path + "/codes", staffB, new JsonObject().put("count", 1)), 404, "not-found");
    assertThat(names(send(HttpMethod.GET, "/api/v1/promotions", staffB, null))).isEmpty();
    assertThat(names(send(HttpMethod.GET, "/api/v1/promotions?code=SHARED1", staffB, null))).isEmpty();
    // codes are unique per tenant: B may hold the same code, and A's code means nothing on B's carts
    createPromotion(staffB, percentage("B own", 5).put("codes", new JsonArray().add("shared1")));
    String bMug = createProduct(staffB, "Mug", "MUG-B", 900).getJsonArray("variants").getJsonObject(0).getString("id");
    HttpResponse<Buffer> bCart = send(HttpMethod.POST, "/api/v1/carts", staffB, new JsonObject().put("currency", "EUR")
        .put("lines", new JsonArray().add(new JsonObject().put("variant_id", bMug).put("quantity", 1))));
    HttpResponse<Buffer> applied = call(HttpMethod.POST, "/api/v1/carts/" + bCart.bodyAsJsonObject().getString("id")
        + "/promotion-codes", staffB, new JsonObject().put("code", "SHARED1"), bCart.bodyAsJsonObject().getString("token"),
        null);
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(200);
    assertThat(applied.bodyAsJsonObject().getJsonArray("discounts").getJsonObject(0).getString("name")).isEqualTo("B own");
    // A's cart is not B's to change
    JsonObject aCart = cart(mug, 1);
    assertProblem(call(HttpMethod.POST, "/api/v1/carts/" + aCart.getString("id") + "/promotion-codes", staffB,
        new JsonObject().put("code", "SHARED1"), aCart.getString("token"), null), 404, "not-found");

    Pool app = TestInfra.get().appPool(vertx);
    try {
      long seen = Tenancy.inTenant(app, TENANT_B, conn -> conn.query("SELECT count(*) FROM promotions").execute()
          .map(rows -> rows.iterator().next().getLong(0))).await();
      long codes = Tenancy.inTenant(app, TENANT_B, conn -> conn.query("SELECT count(*) FROM promotion_codes").execute()
          .map(rows -> rows.iterator().next().getLong(0))).await();
      assertThat(seen).isEqualTo(1);
      assertThat(codes).isEqualTo(1);
    } finally {
      app.close().await();
    }
  }

  @Test
  void shouldMatchCodesInAnyCaseKeepThemUniqueAndGenerateSingleUseOnes() {
    JsonObject spring = createPromotion(staffA, percentage("Spring", 5).put("codes", new JsonArray().add("Spring-5")));
    String codes = "/api/v1/promotions/" + spring.getString("id") + "/codes";
    assertProblem(send(HttpMethod.POST, "/api/v1/promotions", staffA,
        percentage("Copy", 5).put("codes", new JsonArray().add("spring-5"))), 409, "conflict");
    assertProblem(send(HttpMethod.POST, codes, staffA, new JsonObject().put("codes", new JsonArray().add("SPRING-5"))),
        409, "conflict");
    assertThat(names(send(HttpMethod.GET, "/api/v1/promotions", staffA, null))).containsExactly("Spring");

    HttpResponse<Buffer> generated = send(HttpMethod.POST, codes, staffA, new JsonObject().put("count", 25)
        .put("prefix", "vip-"));
    assertThat(generated.statusCode()).as(generated.bodyAsString()).isEqualTo(201);
    JsonArray items = generated.bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(25);
    Set<String> distinct = new HashSet<>();
    for (Object item : items) {
      JsonObject code = (JsonObject) item;
      assertThat(code.getString("code")).matches("VIP-[A-Z2-9]{10}");
      assertThat(code.getInteger("usage_limit")).isEqualTo(1);
      distinct.add(code.getString("code"));
    }
    assertThat(distinct).hasSize(25);

    List<String> listed = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<Buffer> page = send(HttpMethod.GET, codes + "?limit=10" + (cursor == null ? "" : "&cursor=" + cursor),
          staffA, null);
      assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
      page.bodyAsJsonObject().getJsonArray("items").forEach(c -> listed.add(((JsonObject) c).getString("code")));
      cursor = page.bodyAsJsonObject().getString("next_cursor");
    } while (cursor != null);
    assertThat(listed).hasSize(26).contains("SPRING-5").containsAll(distinct);

    JsonObject cart = cart(mug, 1);
    HttpResponse<Buffer> applied = applyCode(cart, "sPrInG-5");
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(200);
    assertThat(applied.bodyAsJsonObject().getJsonArray("promotion_codes"))
        .containsExactly(new JsonObject().put("code", "SPRING-5").put("applied", true));
    HttpResponse<Buffer> removed = call(HttpMethod.DELETE, "/api/v1/carts/" + cart.getString("id")
        + "/promotion-codes/spring-5", staffA, null, cart.getString("token"), null);
    assertThat(removed.statusCode()).as(removed.bodyAsString()).isEqualTo(200);
    assertThat(removed.bodyAsJsonObject().getJsonArray("discounts")).isEmpty();
    assertProblem(call(HttpMethod.DELETE, "/api/v1/carts/" + cart.getString("id") + "/promotion-codes/spring-5", staffA,
        null, cart.getString("token"), null), 404, "not-found");
  }

  @Test
  void shouldShowEachDiscountOnTheCartAndStoreItOnTheOrderSoTotalsReproduce() {
    receive(staffA, mug, WAREHOUSE, 10);
    receive(staffA, cup, WAREHOUSE, 10);
    String tenOff = createPromotion(staffA, percentage("Ten off", 10).put("codes", new JsonArray().add("TENOFF")))
        .getString("id");
    String cupDeal = createPromotion(staffA, new JsonObject().put("name", "Cup deal").put("type", "fixed_amount")
        .put("target", "lines").put("automatic", true).put("amounts_off", new JsonArray().add(eur(100)))
        .put("applies_to", new JsonObject().put("variant_ids", new JsonArray().add(cup))))
        .getString("id");
    createPromotion(staffA, percentage("Big spender", 50).put("codes", new JsonArray().add("BIGSPEND"))
        .put("minimum_subtotals", new JsonArray().add(eur(100_000))));
    JsonObject cart = cart(mug, 2, cup, 1);

    assertThat(applyCode(cart, "bigspend").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> applied = applyCode(cart, "tenoff");
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(200);
    JsonObject priced = applied.bodyAsJsonObject();
    // Ten off (older, same priority) first: 10 % of 2,300 = 230, spread 180 on the mugs and 50 on the cup; then the
    // automatic cup deal takes 100 off the cup's 450 left
    assertThat(priced.getJsonObject("totals").getLong("subtotal_amount")).isEqualTo(2_300);
    assertThat(priced.getJsonObject("totals").getLong("discount_amount")).isEqualTo(330);
    assertThat(priced.getJsonObject("totals").getLong("total_amount")).isEqualTo(1_970);
    JsonArray discounts = priced.getJsonArray("discounts");
    assertThat(discounts).hasSize(2);
    assertThat(discounts.getJsonObject(0).getString("promotion_id")).isEqualTo(tenOff);
    assertThat(discounts.getJsonObject(0).getString("code")).isEqualTo("TENOFF");
    assertThat(discounts.getJsonObject(0).getLong("amount")).isEqualTo(230);
    assertThat(discounts.getJsonObject(1).getString("promotion_id")).isEqualTo(cupDeal);
    assertThat(discounts.getJsonObject(1).getLong("amount")).isEqualTo(100);
    assertThat(lineOf(priced, mug).getLong("discount_amount")).isEqualTo(180);
    assertThat(lineOf(priced, mug).getJsonArray("discounts")).containsExactly(new JsonObject()
        .put("promotion_id", tenOff).put("code", "TENOFF").put("name", "Ten off").put("amount", 180));
    assertThat(lineOf(priced, cup).getLong("discount_amount")).isEqualTo(150);
    assertThat(lineOf(priced, cup).getJsonArray("discounts")).hasSize(2);
    JsonArray codes = priced.getJsonArray("promotion_codes");
    assertThat(codes.getJsonObject(0)).isEqualTo(new JsonObject().put("code", "TENOFF").put("applied", true));
    assertThat(codes.getJsonObject(1).getString("code")).isEqualTo("BIGSPEND");
    assertThat(codes.getJsonObject(1).getBoolean("applied")).isFalse();
    assertThat(codes.getJsonObject(1).getString("reason")).contains("at least 100000 EUR");

    HttpResponse<Buffer> placed = checkout(cart, "promo-1");
    assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(201);
    JsonObject order = placed.bodyAsJsonObject();
    assertThat(order.getJsonObject("totals").getLong("discount_amount")).isEqualTo(330);
    assertThat(order.getJsonObject("totals").getLong("total_amount")).isEqualTo(1_970);
    assertThat(order.getJsonArray("discounts")).isEqualTo(discounts);
    long linesTotal = 0;
    for (Object line : order.getJsonArray("lines")) {
      JsonObject l = (JsonObject) line;
      long fromDiscounts = order.getJsonArray("discounts").stream().map(JsonObject.class::cast)
          .flatMap(d -> d.getJsonArray("lines").stream().map(JsonObject.class::cast))
          .filter(d -> d.getString("variant_id").equals(l.getString("variant_id")))
          .mapToLong(d -> d.getLong("amount")).sum();
      assertThat(fromDiscounts).isEqualTo(l.getLong("discount_amount"));
      linesTotal += l.getLong("total_amount");
    }
    assertThat(linesTotal).isEqualTo(order.getJsonObject("totals").getLong("total_amount"));
    // read back from storage: the same discounts and money
    JsonObject stored = send(HttpMethod.GET, "/api/v1/orders/" + order.getString("id"), staffA, null).bodyAsJsonObject();
    assertThat(stored.getJsonArray("discounts")).isEqualTo(discounts);
    assertThat(stored.getJsonObject("totals")).isEqualTo(order.getJsonObject("totals"));

    assertThat(owned("SELECT count(*) FROM promotion_redemptions WHERE tenant_id = $1 AND order_id = $2::uuid", TENANT_A,
        order.getString("id"))).isEqualTo(2);
    assertThat(owned("SELECT count(*) FROM outbox_event WHERE tenant_id = $1 AND type = $2", TENANT_A,
        "promotion.redeemed")).isEqualTo(2);
    assertThat(send(HttpMethod.GET, "/api/v1/promotions/" + tenOff, staffA, null).bodyAsJsonObject()
        .getInteger("usage_count")).isEqualTo(1);
    assertProblem(applyCode(cart, "TENOFF"), 409, "conflict");
  }

  @Test
  void shouldLetExactlyKOfNConcurrentCheckoutsUseACodeLimitedToKUses() {
    receive(staffA, mug, WAREHOUSE, 100);
    String id = createPromotion(staffA, percentage("Limited", 10).put("usage_limit", 4)
        .put("codes", new JsonArray().add("LIMITED"))).getString("id");
    int n = 12;
    List<JsonObject> carts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JsonObject cart = cart(mug, 1);
      assertThat(applyCode(cart, "limited").statusCode()).isEqualTo(200);
      carts.add(cart);
    }
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JsonObject cart = carts.get(i);
      sent.add(request(HttpMethod.POST, "/api/v1/carts/" + cart.getString("id") + "/checkout", staffA)
          .putHeader("Cart-Token", cart.getString("token")).putHeader("Idempotency-Key", "limited-" + i)
          .sendJsonObject(new JsonObject()));
    }
    Future.join(sent).await();

    List<HttpResponse<Buffer>> answers = sent.stream().map(Future::result).toList();
    assertThat(answers).allMatch(r -> r.statusCode() == 201 || r.statusCode() == 409);
    List<HttpResponse<Buffer>> placed = answers.stream().filter(r -> r.statusCode() == 201).toList();
    assertThat(placed).hasSize(4);
    placed.forEach(r -> assertThat(r.bodyAsJsonObject().getJsonArray("discounts").getJsonObject(0).getString("code"))
        .isEqualTo("LIMITED"));
    for (HttpResponse<Buffer> refused : answers.stream().filter(r -> r.statusCode() == 409).toList()) {
      assertProblem(refused, 409, "promotion-unavailable");
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("LIMITED");
      assertThat(refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
          .isEqualTo("promotion_code");
    }
    assertThat(owned("SELECT count(*) FROM orders WHERE tenant_id = $1 AND discounts::text LIKE $2", TENANT_A,
        "%LIMITED%")).isEqualTo(4);
    assertThat(owned("SELECT count(*) FROM orders WHERE tenant_id = $1 AND $2::text IS NOT NULL", TENANT_A, "x"))
        .isEqualTo(4);
    assertThat(owned("SELECT usage_count FROM promotions WHERE tenant_id = $1 AND id = $2::uuid", TENANT_A, id))
        .isEqualTo(4);
    assertThat(owned("SELECT count(*) FROM promotion_redemptions WHERE tenant_id = $1 AND promotion_id = $2::uuid",
        TENANT_A, id)).isEqualTo(4);
  }

  @Test
  void shouldGiveASingleUseCodeBackWhenItsOrderIsCancelled() {
    receive(staffA, mug, WAREHOUSE, 10);
    String id = createPromotion(staffA, percentage("Once", 20)).getString("id");
    String code = send(HttpMethod.POST, "/api/v1/promotions/" + id + "/codes", staffA, new JsonObject().put("count", 1))
        .bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("code");
    JsonObject first = cart(mug, 1);
    JsonObject second = cart(mug, 1);
    assertThat(applyCode(first, code).statusCode()).isEqualTo(200);
    assertThat(applyCode(second, code).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> placed = checkout(first, "once-1");
    assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(201);
    assertThat(placed.bodyAsJsonObject().getJsonObject("totals").getLong("discount_amount")).isEqualTo(180);

    // the second cart still holds the code, now used up: it shows why, and its checkout is refused naming the code
    JsonObject secondView = call(HttpMethod.GET, "/api/v1/carts/" + second.getString("id"), staffA, null,
        second.getString("token"), null).bodyAsJsonObject();
    assertThat(secondView.getJsonArray("promotion_codes").getJsonObject(0).getString("reason")).isEqualTo("has been used up");
    HttpResponse<Buffer> refused = checkout(second, "once-2");
    assertProblem(refused, 409, "promotion-unavailable");
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo(code);
    assertProblem(applyCode(cart(mug, 1), code), 409, "promotion-unavailable");

    HttpResponse<Buffer> cancelled = send(HttpMethod.POST, "/api/v1/orders/" + placed.bodyAsJsonObject().getString("id")
        + "/cancel", staffA, new JsonObject().put("reason", "changed mind"));
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
    assertThat(owned("SELECT count(*) FROM promotion_redemptions WHERE tenant_id = $1 AND order_id = $2::uuid "
        + "AND released_at IS NOT NULL", TENANT_A, placed.bodyAsJsonObject().getString("id"))).isEqualTo(1);
    assertThat(owned("SELECT usage_count FROM promotion_codes WHERE tenant_id = $1 AND code = $2", TENANT_A, code))
        .isZero();
    HttpResponse<Buffer> again = checkout(second, "once-3");
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(201);
    assertThat(again.bodyAsJsonObject().getJsonArray("discounts").getJsonObject(0).getString("code")).isEqualTo(code);
  }

  @Test
  void shouldGiveAFirstOrderDiscountOncePerCustomerAndWaiveShippingOverAMinimum() {
    receive(staffA, mug, WAREHOUSE, 10);
    HttpResponse<Buffer> zone = send(HttpMethod.POST, "/api/v1/shipping/zones", staffA, new JsonObject()
        .put("name", "DE").put("areas", new JsonArray().add("DE")));
    String method = send(HttpMethod.POST, "/api/v1/shipping/zones/" + zone.bodyAsJsonObject().getString("id")
        + "/methods", staffA, new JsonObject().put("name", "Parcel").put("basis", "flat").put("currency", "EUR")
        .put("rates", new JsonArray().add(new JsonObject().put("min_value", 0).put("amount", 500))))
        .bodyAsJsonObject().getString("id");
    createPromotion(staffA, percentage("Welcome", 50).put("automatic", true).put("first_order_only", true));
    createPromotion(staffA, new JsonObject().put("name", "Free parcel").put("type", "free_shipping")
        .put("automatic", true).put("minimum_subtotals", new JsonArray().add(eur(1_000))));
    String customer = send(HttpMethod.POST, "/api/v1/customers", staffA, new JsonObject().put("email", "ada@example.com"))
        .bodyAsJsonObject().getString("id");
    JsonObject address = new JsonObject().put("first_name", "Ada").put("last_name", "L").put("line1", "1 Main St")
        .put("city", "Berlin").put("country", "DE").put("postal_code", "10115");

    List<JsonObject> orders = new ArrayList<>();
    for (int quantity : new int[] {1, 2}) {
      HttpResponse<Buffer> cart = send(HttpMethod.POST, "/api/v1/carts", staffA, new JsonObject().put("currency", "EUR")
          .put("customer_id", customer).put("shipping_address", address).put("shipping_method_id", method)
          .put("lines", new JsonArray().add(new JsonObject().put("variant_id", mug).put("quantity", quantity))));
      assertThat(cart.statusCode()).as(cart.bodyAsString()).isEqualTo(201);
      HttpResponse<Buffer> placed = call(HttpMethod.POST, "/api/v1/carts/" + cart.bodyAsJsonObject().getString("id")
          + "/checkout", staffA, new JsonObject(), null, "first-" + quantity);
      assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(201);
      orders.add(placed.bodyAsJsonObject());
    }
    // first order: 50 % off the 900 mug, shipping charged (a 900 subtotal is below the 1,000 minimum)
    assertThat(orders.get(0).getJsonObject("totals").getLong("discount_amount")).isEqualTo(450);
    assertThat(orders.get(0).getJsonObject("totals").getLong("shipping_amount")).isEqualTo(500);
    assertThat(orders.get(0).getJsonObject("totals").getLong("total_amount")).isEqualTo(950);
    // second order: no welcome discount; 1,800 of goods ship free, the waived charge shown on the discount
    JsonObject second = orders.get(1);
    assertThat(second.getJsonObject("totals").getLong("discount_amount")).isZero();
    assertThat(second.getJsonObject("totals").getLong("shipping_amount")).isZero();
    assertThat(second.getJsonObject("totals").getLong("total_amount")).isEqualTo(1_800);
    assertThat(second.getJsonArray("discounts")).hasSize(1);
    assertThat(second.getJsonArray("discounts").getJsonObject(0).getString("name")).isEqualTo("Free parcel");
    assertThat(second.getJsonArray("discounts").getJsonObject(0).getLong("shipping_amount")).isEqualTo(500);
  }
}
