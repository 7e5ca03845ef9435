package io.olympus.commerce.search.service;

import io.olympus.commerce.search.model.SearchRequest;
import io.olympus.commerce.search.repository.SearchRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.commerce.catalog.service.CatalogService;
import io.olympus.commerce.catalog.repository.CategoryRepository;
import io.olympus.commerce.catalog.model.Product;
import io.olympus.commerce.catalog.model.ProductInput;
import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.commerce.event.AfterCommitEventSink;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.inventory.model.Adjustment;
import io.olympus.commerce.inventory.repository.InventoryRepository;
import io.olympus.commerce.inventory.service.InventoryService;
import io.olympus.commerce.support.Fixtures;
import io.olympus.common.config.ConfigException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The first-page search cache: hits, exact invalidation after commit, tenants kept apart, off switch. */
@ExtendWith(VertxExtension.class)
class SearchCacheTest {

  private static final UUID TENANT = Uuids.v7();
  private static final UUID OTHER_TENANT = Uuids.v7();
  private static final UUID STORE = Uuids.v7();

  private Vertx vertx;
  private Pool pool;
  private CatalogVersions versions;
  private CatalogService catalog;
  private InventoryService inventory;
  private SearchCache cache;
  private SearchService search;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    this.vertx = vertx;
    pool = TestInfra.get().appPool(vertx);
    versions = new CatalogVersions(vertx);
    EventSink events = new AfterCommitEventSink(EventSink.discarding(), java.util.List.of(versions));
    catalog = new CatalogService(pool, new ProductRepository(), new CategoryRepository(), events);
    inventory = new InventoryService(pool, new InventoryRepository(), events);
    cache = new SearchCache(versions, SearchCacheConfig.DEFAULTS);
    search = new SearchService(pool, new SearchRepository(), cache);
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  private Product product(UUID tenant, String title, String sku) {
    return catalog.createProduct(tenant, ProductInput.readCreate(Fixtures.product(title, sku, 1999))).await();
  }

  private SearchCache.Result find(UUID tenant, String... pairs) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      params.add(pairs[i], pairs[i + 1]);
    }
    return search.searchRendered(tenant, SearchRequest.fromQuery(params)).await();
  }

  private static List<String> titles(SearchCache.Result result) {
    return result.body().toJsonObject().getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("title")).toList();
  }

  @Test
  void shouldServeTheSameFirstPageFromTheCacheWhateverTheSpellingOfTheQuery() {
    product(TENANT, "Oak Desk Lamp", "LAMP-1");
    product(TENANT, "Brass Floor Lamp", "LAMP-2");

    SearchCache.Result first = find(TENANT, "q", "lamp", "tag", "audio");
    SearchCache.Result second = find(TENANT, "q", "  LAMP ", "tag", "AUDIO");

    assertThat(first.cached()).isFalse();
    assertThat(second.cached()).isTrue();
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(titles(second)).containsExactlyInAnyOrder("Oak Desk Lamp", "Brass Floor Lamp");
    assertThat(cache.hits()).isEqualTo(1);
  }

  @Test
  void shouldRunOneSearchForConcurrentMissesOfTheSameQuery() {
    product(TENANT, "Oak Desk Lamp", "LAMP-1");
    SearchRequest request = SearchRequest.fromQuery(MultiMap.caseInsensitiveMultiMap().add("q", "lamp"));

    Future<SearchCache.Result> first = search.searchRendered(TENANT, request);
    Future<SearchCache.Result> second = search.searchRendered(TENANT, request);
    Future.all(first, second).await();

    assertThat(cache.loads()).isEqualTo(1);
    assertThat(second.result().body()).isEqualTo(first.result().body());
    assertThat(titles(second.result())).containsExactly("Oak Desk Lamp");
  }

  @Test
  void shouldServeAPagePastItsTtlOnlyWhileOneSearchRefreshesItAndNeverPastTheGrace() {
    product(TENANT, "Oak Desk Lamp", "LAMP-1");
    AtomicLong now = new AtomicLong();
    SearchCache timed = new SearchCache(versions, new SearchCacheConfig(5_000, 1 << 20), now::get);
    SearchService service = new SearchService(pool, new SearchRepository(), timed);
    SearchRequest request = SearchRequest.fromQuery(MultiMap.caseInsensitiveMultiMap().add("q", "lamp"));
    service.searchRendered(TENANT, request).await();

    now.set(TimeUnit.MILLISECONDS.toNanos(5_500));
    SearchCache.Result stale = service.searchRendered(TENANT, request).await();
    awaitLoads(timed, 2);
    SearchCache.Result refreshed = service.searchRendered(TENANT, request).await();
    now.set(TimeUnit.MILLISECONDS.toNanos(5_500 + 6_001));
    SearchCache.Result expired = service.searchRendered(TENANT, request).await();

    assertThat(stale.cached()).isTrue();
    assertThat(refreshed.cached()).isTrue();
    assertThat(expired.cached()).isFalse();
    assertThat(timed.loads()).isEqualTo(3);
  }

  /** The refresh runs in the background: wait (bounded) until it has stored its page. */
  private void awaitLoads(SearchCache timed, long loads) {
    for (int i = 0; i < 500 && (timed.loads() < loads || timed.loadsInFlight() > 0); i++) {
      vertx.timer(10).await();
    }
  }

  @Test
  void shouldSearchAgainOnceAProductUpdateHasCommitted() {
    Product lamp = product(TENANT, "Oak Desk Lamp", "LAMP-1");
    assertThat(find(TENANT, "q", "lamp").cached()).isFalse();
    assertThat(find(TENANT, "q", "lamp").cached()).isTrue();

    catalog.updateProduct(TENANT, ProductInput.readUpdate(lamp.id(),
        new JsonObject().put("version", lamp.version()).put("title", "Oak Reading Lamp"))).await();
    SearchCache.Result after = find(TENANT, "q", "lamp");

    assertThat(after.cached()).isFalse();
    assertThat(titles(after)).containsExactly("Oak Reading Lamp");
    assertThat(find(TENANT, "q", "lamp").cached()).isTrue();
  }

  @Test
  void shouldSearchAgainAfterAChangeAnotherProcessCommitted() {
    product(TENANT, "Oak Desk Lamp", "LAMP-1");
    find(TENANT, "q", "lamp");
    assertThat(find(TENANT, "q", "lamp").cached()).isTrue();

    // what the outbox relay publishes for a write committed by another process
    long before = versions.catalog(TENANT);
    vertx.eventBus().publish(EventEnvelope.ADDRESS_PREFIX + "product.updated",
        new JsonObject().put("tenant_id", TENANT.toString()).put("aggregate_id", Uuids.v7().toString()));
    awaitVersionAbove(before);

    assertThat(find(TENANT, "q", "lamp").cached()).isFalse();
  }

  @Test
  void shouldNeverServeOneTenantsPageToAnother() {
    product(TENANT, "Oak Desk Lamp", "LAMP-1");
    product(OTHER_TENANT, "Steel Lamp", "OTHER-1");

    SearchCache.Result mine = find(TENANT, "q", "lamp");
    SearchCache.Result mineAgain = find(TENANT, "q", "lamp");
    SearchCache.Result theirs = find(OTHER_TENANT, "q", "lamp");

    assertThat(mineAgain.cached()).isTrue();
    assertThat(theirs.cached()).isFalse();
    assertThat(titles(mine)).containsExactly("Oak Desk Lamp");
    assertThat(titles(theirs)).containsExactly("Steel Lamp");
  }

  @Test
  void shouldKeepPagesOfOtherSearchesWhenOnlyStockChangedAndSearchAgainForAvailability() {
    Product lamp = product(TENANT, "Oak Desk Lamp", "LAMP-1");
    find(TENANT, "q", "lamp");
    find(TENANT, "q", "lamp", "available_at", STORE.toString());

    inventory.adjust(TENANT, Adjustment.fromJson(new JsonObject()
        .put("variant_id", lamp.variants().get(0).id().toString()).put("location_id", STORE.toString())
        .put("reason", "receive").put("quantity", 2))).await();

    assertThat(find(TENANT, "q", "lamp").cached()).isTrue();
    SearchCache.Result available = find(TENANT, "q", "lamp", "available_at", STORE.toString());
    assertThat(available.cached()).isFalse();
    assertThat(titles(available)).containsExactly("Oak Desk Lamp");
  }

  @Test
  void shouldNotCachePagesAfterTheFirstNorWhenDisabled() {
    for (int i = 0; i < 3; i++) {
      product(TENANT, "Lamp " + (char) ('a' + i), "LAMP-" + i);
    }
    SearchCache.Result first = find(TENANT, "q", "lamp", "limit", "2");
    String cursor = first.body().toJsonObject().getString("next_cursor");
    find(TENANT, "q", "lamp", "limit", "2", "cursor", cursor);
    assertThat(find(TENANT, "q", "lamp", "limit", "2", "cursor", cursor).cached()).isFalse();

    SearchService uncached = new SearchService(pool, new SearchRepository(),
        new SearchCache(versions, SearchCacheConfig.DISABLED));
    SearchRequest request = SearchRequest.fromQuery(MultiMap.caseInsensitiveMultiMap().add("q", "lamp"));
    uncached.searchRendered(TENANT, request).await();
    assertThat(uncached.searchRendered(TENANT, request).await().cached()).isFalse();
  }

  @Test
  void shouldReadTheCacheSettings() {
    SearchCacheConfig config = SearchCacheConfig.from(new JsonObject().put("SEARCH_CACHE_TTL_MS", "0"));
    assertThat(config.enabled()).isFalse();
    assertThat(SearchCacheConfig.from(new JsonObject())).isEqualTo(SearchCacheConfig.DEFAULTS);
    assertThat(SearchCacheConfig.DEFAULTS.ttlMillis()).isEqualTo(5_000L);
    assertThatThrownBy(() -> SearchCacheConfig.from(new JsonObject().put("SEARCH_CACHE_TTL_MS", "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SEARCH_CACHE_TTL_MS");
  }

  /** Bus delivery is asynchronous: wait (bounded) until the published fact bumped the version. */
  private void awaitVersionAbove(long version) {
    for (int i = 0; i < 200 && versions.catalog(TENANT) <= version; i++) {
      vertx.timer(10).await();
    }
  }
}
