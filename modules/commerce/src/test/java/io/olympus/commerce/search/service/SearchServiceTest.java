package io.olympus.commerce.search.service;

import io.olympus.commerce.search.model.SearchPage;
import io.olympus.commerce.search.model.SearchRequest;
import io.olympus.commerce.search.repository.SearchRepository;
import io.olympus.commerce.search.repository.SearchSql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.olympus.commerce.catalog.service.CatalogService;
import io.olympus.commerce.catalog.model.Category;
import io.olympus.commerce.catalog.repository.CategoryRepository;
import io.olympus.commerce.catalog.model.Product;
import io.olympus.commerce.catalog.model.ProductInput;
import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.inventory.model.Adjustment;
import io.olympus.commerce.inventory.repository.InventoryRepository;
import io.olympus.commerce.inventory.service.InventoryService;
import io.olympus.commerce.support.Fixtures;
import io.olympus.commerce.support.SearchFixtures;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SearchServiceTest {

  private static final UUID TENANT = Uuids.v7();
  private static final UUID OTHER_TENANT = Uuids.v7();
  private static final UUID STORE = Uuids.v7();

  private Pool pool;
  private CatalogService catalog;
  private SearchService search;
  private Category audio;
  private Category headphones;
  private Category kitchen;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    catalog = new CatalogService(pool, new ProductRepository(), new CategoryRepository(), EventSink.discarding());
    search = new SearchService(pool, new SearchRepository());
    audio = category("audio", null);
    headphones = category("headphones", audio.id());
    kitchen = category("kitchen", null);
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  private Category category(String slug, UUID parent) {
    return SearchFixtures.category(catalog, TENANT, slug, parent);
  }

  private Product product(String title, String sku, long price, List<String> tags, UUID... categories) {
    return SearchFixtures.product(catalog, TENANT, title, sku, price, tags, categories);
  }

  private static SearchRequest query(String... pairs) {
    return SearchFixtures.query(pairs);
  }

  private void seedCatalog() {
    product("Wireless Noise Cancelling Headphones", "WH-1000XM5", 34900, List.of("wireless", "anc"), headphones.id());
    product("Studio Monitor Headphones", "ATH-M50X", 14900, List.of("studio"), headphones.id());
    product("Bookshelf Speaker", "SPK-200", 19900, List.of("wireless", "speaker"), audio.id());
    product("Espresso Machine", "ESP-9", 49900, List.of("coffee"), kitchen.id());
  }

  @Test
  void shouldFindAProductByAMisspelledWord(VertxTestContext ctx) {
    seedCatalog();
    search.search(TENANT, query("q", "hedphones"))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertThat(page.items()).extracting(Product::title)
              .contains("Wireless Noise Cancelling Headphones", "Studio Monitor Headphones")
              .doesNotContain("Espresso Machine");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldFindAShortMisspelledWordThatWordSimilarityMissed(VertxTestContext ctx) {
    seedCatalog();
    product("Rain Jacket", "RJ-1", 8900, List.of("outdoor"), kitchen.id());
    search.search(TENANT, query("q", "jaket"))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertThat(page.items()).extracting(Product::title).containsExactly("Rain Jacket");
          assertThat(page.facets().tags()).extracting(SearchPage.Count::value).containsExactly("outdoor");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldFallBackToAnyWordWhenNoProductHasThemAll(VertxTestContext ctx) {
    seedCatalog();
    product("Espresso Headphones Stand", "EHS-1", 2900, List.of("stand"), kitchen.id());
    Future.all(search.search(TENANT, query("q", "espreso headphones")), search.search(TENANT, query("q", "espresso stand")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          SearchPage fallback = all.resultAt(0);
          assertThat(titles(fallback)).startsWith("Espresso Headphones Stand").containsExactlyInAnyOrder(
              "Espresso Headphones Stand", "Espresso Machine", "Wireless Noise Cancelling Headphones",
              "Studio Monitor Headphones");
          assertThat(titles(all.resultAt(1))).containsExactly("Espresso Headphones Stand");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldFindAProductBySkuAndRankTheExactMatchFirst(VertxTestContext ctx) {
    seedCatalog();
    search.search(TENANT, query("q", "ATH-M50X"))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertThat(page.items()).isNotEmpty();
          assertThat(page.items().get(0).title()).isEqualTo("Studio Monitor Headphones");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldFilterByCategorySubtreeTagsPriceAndAvailability(VertxTestContext ctx) {
    seedCatalog();
    Product speaker = catalog.getProduct(TENANT, search.search(TENANT, query("q", "SPK-200")).await().items().get(0).id()).await();
    new InventoryService(pool, new InventoryRepository(), EventSink.discarding()).adjust(TENANT, Adjustment.fromJson(
        new JsonObject().put("variant_id", speaker.variants().get(0).id().toString())
            .put("location_id", STORE.toString()).put("reason", "receive").put("quantity", 3))).await();

    Future.all(List.of(
            search.search(TENANT, query("category_id", audio.id().toString())),
            search.search(TENANT, query("tag", "wireless", "max_price", "20000")),
            search.search(TENANT, query("min_price", "19900", "sort", "price_asc")),
            search.search(TENANT, query("available_at", STORE.toString())),
            search.search(TENANT, query("status", "draft"))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(titles(all.resultAt(0))).containsExactlyInAnyOrder(
              "Wireless Noise Cancelling Headphones", "Studio Monitor Headphones", "Bookshelf Speaker");
          assertThat(titles(all.resultAt(1))).containsExactly("Bookshelf Speaker");
          assertThat(titles(all.resultAt(2))).containsExactly(
              "Bookshelf Speaker", "Wireless Noise Cancelling Headphones", "Espresso Machine");
          assertThat(titles(all.resultAt(3))).containsExactly("Bookshelf Speaker");
          assertThat(titles(all.resultAt(4))).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldCountFacetsOverTheFilteredSet(VertxTestContext ctx) {
    seedCatalog();
    search.search(TENANT, query("tag", "wireless", "limit", "1"))
        .compose(page -> search.search(TENANT, query("tag", "wireless", "category_id", headphones.id().toString()))
            .map(filtered -> List.of(page, filtered)))
        .onComplete(ctx.succeeding(pages -> ctx.verify(() -> {
          SearchPage.Facets facets = pages.get(0).facets();
          assertThat(facets.sampled()).isFalse();
          assertThat(pages.get(0).items()).hasSize(1);
          assertThat(facets.tags()).extracting(SearchPage.Count::value, SearchPage.Count::count)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("wireless", 2L),
                  org.assertj.core.groups.Tuple.tuple("anc", 1L), org.assertj.core.groups.Tuple.tuple("speaker", 1L));
          assertThat(facets.categories()).extracting(SearchPage.Count::label, SearchPage.Count::count)
              .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("audio", 2L),
                  org.assertj.core.groups.Tuple.tuple("headphones", 1L));
          long headphonesFacet = facets.categories().stream()
              .filter(c -> c.value().equals(headphones.id().toString())).findFirst().orElseThrow().count();
          assertThat(pages.get(1).items()).hasSize((int) headphonesFacet);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldReturnEveryItemExactlyOnceWhilePagingDuringInserts(VertxTestContext ctx) {
    Set<UUID> initial = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      initial.add(product("Item " + i, "ITEM-" + i, 100 + (i * 37) % 500, List.of("bulk")).id());
    }
    List<UUID> newestSeen = new ArrayList<>();
    List<UUID> priceSeen = new ArrayList<>();
    Future<Void> inserts = Future.succeededFuture();
    for (int i = 0; i < 20; i++) {
      int n = i;
      inserts = inserts.compose(ignored -> catalog.createProduct(TENANT, ProductInput.readCreate(
          Fixtures.product("Late " + n, "LATE-" + n, 100 + (n * 53) % 500))).mapEmpty());
    }
    Future.all(inserts, pageAll("newest", null, newestSeen), pageAll("price_asc", null, priceSeen))
        .onComplete(ctx.succeeding(ignored -> ctx.verify(() -> {
          for (List<UUID> seen : List.of(newestSeen, priceSeen)) {
            assertThat(new HashSet<>(seen)).hasSize(seen.size());
            assertThat(seen).containsAll(initial);
          }
          ctx.completeNow();
        })));
  }

  private Future<Void> pageAll(String sort, String cursor, List<UUID> seen) {
    SearchRequest request = cursor == null ? query("sort", sort, "limit", "7") : query("sort", sort, "limit", "7", "cursor", cursor);
    return search.search(TENANT, request)
        .compose(page -> {
          page.items().forEach(p -> seen.add(p.id()));
          return page.nextCursor() == null ? Future.succeededFuture() : pageAll(sort, page.nextCursor(), seen);
        });
  }

  @Test
  void shouldPageTheTypoFallbackWithoutRepeats(VertxTestContext ctx) {
    for (int i = 0; i < 12; i++) {
      product("Headphones model " + i, "HP-" + i, 1000 + i, List.of("audio"));
    }
    product("Kettle", "KT-1", 500, List.of("kitchen"));
    List<UUID> seen = new ArrayList<>();
    pageAll2("hedphones", null, seen)
        .onComplete(ctx.succeeding(ignored -> ctx.verify(() -> {
          assertThat(seen).hasSize(12).doesNotHaveDuplicates();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldPageByRelevanceWithoutRepeats(VertxTestContext ctx) {
    for (int i = 0; i < 12; i++) {
      product("Headphones model " + i, "HP-" + i, 1000 + i, List.of(i % 2 == 0 ? "headphones" : "other"));
    }
    List<UUID> seen = new ArrayList<>();
    pageAll2("headphones", null, seen)
        .onComplete(ctx.succeeding(ignored -> ctx.verify(() -> {
          assertThat(seen).hasSize(12).doesNotHaveDuplicates();
          ctx.completeNow();
        })));
  }

  private Future<Void> pageAll2(String q, String cursor, List<UUID> seen) {
    SearchRequest request = cursor == null ? query("q", q, "limit", "5") : query("q", q, "limit", "5", "cursor", cursor);
    return search.search(TENANT, request)
        .compose(page -> {
          page.items().forEach(p -> seen.add(p.id()));
          return page.nextCursor() == null ? Future.succeededFuture() : pageAll2(q, page.nextCursor(), seen);
        });
  }

  @Test
  void shouldRankAndCountFacetsOverTheCappedCandidatesAndSaySo(VertxTestContext ctx) {
    int products = SearchSql.CANDIDATE_CAP + 200;
    TestInfra.get().executeAsOwner(String.format("INSERT INTO products (tenant_id, id, status, title, tags, min_price, "
        + "currency) SELECT '%s', md5('cap-' || n)::uuid, 'active', 'Bulk lamp ' || n, ARRAY['bulk', 'half' || (n %% 2)], "
        + "1000 + n, 'EUR' FROM generate_series(1, %d) n", TENANT, products));
    // the capped candidates are the first matches in the plan's order: analyse now, so an automatic analyse between
    // two pages cannot switch the plan (and the candidates) while the test pages through them
    TestInfra.get().executeAsOwner("ANALYZE products");

    search.search(TENANT, query("q", "lamp"))
        .compose(broad -> search.search(TENANT, query("q", "lamp", "tag", "half0", "max_price", "1300"))
            .compose(narrow -> pageAll(query("q", "lamp", "limit", "100"), null, new ArrayList<>())
                .map(ranked -> List.of(broad, narrow, ranked))))
        .onComplete(ctx.succeeding(results -> ctx.verify(() -> {
          SearchPage broad = (SearchPage) results.get(0);
          assertThat(broad.items()).hasSize(20);
          assertThat(broad.facets().sampled()).isTrue();
          assertThat(broad.toJson().getBoolean("facets_capped")).isTrue();
          assertThat(broad.facets().tags()).filteredOn(c -> c.value().equals("bulk"))
              .extracting(SearchPage.Count::count).containsExactly((long) SearchSql.CANDIDATE_CAP + 1);
          SearchPage narrow = (SearchPage) results.get(1);
          assertThat(narrow.facets().sampled()).isFalse();
          assertThat(narrow.toJson().getBoolean("facets_capped")).isFalse();
          assertThat(narrow.facets().tags()).filteredOn(c -> c.value().equals("bulk"))
              .extracting(SearchPage.Count::count).containsExactly(150L);
          @SuppressWarnings("unchecked")
          List<UUID> ranked = (List<UUID>) results.get(2);
          assertThat(ranked).hasSize(SearchSql.CANDIDATE_CAP + 1).doesNotHaveDuplicates();
          ctx.completeNow();
        })));
  }

  /** Every id of a search, page after page. */
  private Future<List<UUID>> pageAll(SearchRequest first, String cursor, List<UUID> seen) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap().add("q", first.text()).add("limit", String.valueOf(first.limit()));
    if (cursor != null) {
      params.add("cursor", cursor);
    }
    return search.search(TENANT, SearchRequest.fromQuery(params))
        .compose(page -> {
          page.items().forEach(p -> seen.add(p.id()));
          return page.nextCursor() == null ? Future.succeededFuture(seen) : pageAll(first, page.nextCursor(), seen);
        });
  }

  @Test
  void shouldNotFindAnotherTenantsProducts(VertxTestContext ctx) {
    seedCatalog();
    search.search(OTHER_TENANT, query("q", "headphones"))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertThat(page.items()).isEmpty();
          assertThat(page.facets().tags()).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNameEveryBadSearchParameter() {
    ValidationException err = catchThrowableOfType(ValidationException.class, () -> query(
        "limit", "1000", "sort", "random", "min_price", "-1", "category_id", "x", "cursor", "garbage"));

    assertThat(err.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("limit", "sort", "min_price", "category_id", "cursor");
  }

  private static List<String> titles(SearchPage page) {
    return page.items().stream().map(Product::title).toList();
  }
}
