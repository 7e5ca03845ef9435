package io.olympus.commerce.pricing.service;

import io.olympus.commerce.pricing.model.PriceEntryInput;
import io.olympus.commerce.pricing.model.PriceListInput;
import io.olympus.commerce.pricing.model.Quote;
import io.olympus.commerce.pricing.model.QuoteRequest;
import io.olympus.commerce.pricing.repository.PricingRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.olympus.commerce.catalog.service.CatalogService;
import io.olympus.commerce.catalog.repository.CategoryRepository;
import io.olympus.commerce.catalog.model.ProductInput;
import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.support.Fixtures;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PricingServiceTest {

  private static final UUID TENANT = Uuids.v7();
  private static final UUID STORE = Uuids.v7();
  private static final Instant SALE_START = Instant.parse("2026-11-27T00:00:00Z");
  private static final Instant SALE_END = Instant.parse("2026-11-30T00:00:00Z");

  private Pool pool;
  private PricingService pricing;
  private UUID variant;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    pricing = new PricingService(pool, new PricingRepository());
    variant = new CatalogService(pool, new ProductRepository(), new CategoryRepository(), EventSink.discarding())
        .createProduct(TENANT, ProductInput.readCreate(Fixtures.product("Mug", "MUG-1", 1000))).await()
        .variants().get(0).id();
    UUID everyone = list(new JsonObject().put("name", "Volume").put("currency", "EUR"));
    entry(everyone, new JsonObject().put("min_quantity", 10).put("amount", 900));
    entry(everyone, new JsonObject().put("min_quantity", 100).put("amount", 750));
    entry(everyone, new JsonObject().put("amount", 800)
        .put("starts_at", SALE_START.toString()).put("ends_at", SALE_END.toString()));
    UUID wholesale = list(new JsonObject().put("name", "Wholesale").put("currency", "EUR").put("customer_group", "wholesale"));
    entry(wholesale, new JsonObject().put("amount", 700));
    UUID store = list(new JsonObject().put("name", "Outlet").put("currency", "EUR").put("location_id", STORE.toString()));
    entry(store, new JsonObject().put("amount", 850));
    UUID dollars = list(new JsonObject().put("name", "US").put("currency", "USD"));
    entry(dollars, new JsonObject().put("amount", 1));
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  private UUID list(JsonObject json) {
    return pricing.createPriceList(TENANT, PriceListInput.fromJson(json)).await().id();
  }

  private void entry(UUID list, JsonObject json) {
    pricing.addEntry(TENANT, list, PriceEntryInput.fromJson(json.put("variant_id", variant.toString()))).await();
  }

  private Future<Quote> quote(int quantity, Instant at, String group, UUID location) {
    JsonObject json = new JsonObject().put("variant_id", variant.toString()).put("quantity", quantity).put("at", at.toString());
    if (group != null) {
      json.put("customer_group", group);
    }
    if (location != null) {
      json.put("location_id", location.toString());
    }
    return pricing.quote(TENANT, QuoteRequest.fromJson(json));
  }

  @Test
  void shouldPickTheQuantityTierAndSaleWindowThatApply(VertxTestContext ctx) {
    Instant before = Instant.parse("2026-11-01T00:00:00Z");
    Instant during = Instant.parse("2026-11-28T12:00:00Z");
    Future.all(List.of(
            quote(1, before, null, null), quote(10, before, null, null), quote(100, before, null, null),
            quote(1, during, null, null), quote(100, during, null, null), quote(1, SALE_END, null, null)))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          List<Quote> q = all.list();
          assertThat(q.get(0).unitAmount()).isEqualTo(1000);
          assertThat(q.get(0).rule().kind()).isEqualTo("base");
          assertThat(q.get(1).unitAmount()).isEqualTo(900);
          assertThat(q.get(1).lineAmount()).isEqualTo(9000);
          assertThat(q.get(1).rule().minQuantity()).isEqualTo(10);
          assertThat(q.get(2).unitAmount()).isEqualTo(750);
          assertThat(q.get(2).lineAmount()).isEqualTo(75_000);
          assertThat(q.get(3).unitAmount()).isEqualTo(800);
          assertThat(q.get(3).rule().startsAt()).isEqualTo(SALE_START);
          assertThat(q.get(4).unitAmount()).isEqualTo(750);
          assertThat(q.get(5).unitAmount()).as("the window's end is exclusive").isEqualTo(1000);
          assertThat(q).allSatisfy(quote -> assertThat(quote.currency()).isEqualTo("EUR"));
          ctx.completeNow();
        })));
  }

  @Test
  void shouldApplyCustomerGroupAndLocationListsOnlyInTheirScope(VertxTestContext ctx) {
    Instant now = Instant.parse("2026-11-01T00:00:00Z");
    Future.all(quote(1, now, "wholesale", null), quote(1, now, "retail", null), quote(1, now, null, STORE),
            quote(1, now, null, Uuids.v7()))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<Quote>resultAt(0).unitAmount()).isEqualTo(700);
          assertThat(all.<Quote>resultAt(0).rule().priceListName()).isEqualTo("Wholesale");
          assertThat(all.<Quote>resultAt(1).unitAmount()).isEqualTo(1000);
          assertThat(all.<Quote>resultAt(2).unitAmount()).isEqualTo(850);
          assertThat(all.<Quote>resultAt(3).unitAmount()).isEqualTo(1000);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNotQuoteAnotherTenantsVariant(VertxTestContext ctx) {
    pricing.quote(Uuids.v7(), QuoteRequest.fromJson(new JsonObject().put("variant_id", variant.toString()).put("quantity", 1)))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(NotFoundException.class);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNameEveryBadFieldOfPricingRequests() {
    ValidationException entry = catchThrowableOfType(ValidationException.class, () -> PriceEntryInput.fromJson(
        new JsonObject().put("variant_id", variant.toString()).put("amount", -5).put("min_quantity", 0)
            .put("starts_at", SALE_END.toString()).put("ends_at", SALE_START.toString())));
    ValidationException list = catchThrowableOfType(ValidationException.class, () -> PriceListInput.fromJson(
        new JsonObject().put("currency", "euro")));

    assertThat(entry.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("amount", "min_quantity", "ends_at");
    assertThat(list.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("name", "currency");
  }
}
