package io.olympus.commerce.search.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.catalog.model.Category;
import io.olympus.commerce.catalog.model.Product;
import io.olympus.commerce.catalog.model.ProductInput;
import io.olympus.commerce.catalog.repository.CategoryRepository;
import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.commerce.catalog.service.CatalogService;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.search.model.SearchPage;
import io.olympus.commerce.search.model.SearchRequest;
import io.olympus.commerce.search.service.SearchService;
import static io.olympus.commerce.support.SearchFixtures.category;
import static io.olympus.commerce.support.SearchFixtures.query;

import io.olympus.commerce.support.SearchFixtures;
import io.olympus.common.db.Tenancy;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Columns of the search side table kept by triggers, read as the runtime role under row-level security:
 * {@code category_ids} (V105), each product's categories with all their ancestors, through link changes and category
 * moves; and {@code facet_key} (V110), equal for equal tags and categories through product updates, link changes and
 * moves, with facets counted per group of candidates sharing a key equal to the counts of unnesting every candidate's
 * tags and categories (the reference queries {@code TAGS} and {@code CATEGORIES}).
 */
@ExtendWith(VertxExtension.class)
class ProductSearchCategoriesTest {

  private static final UUID TENANT = Uuids.v7();
  private static final UUID OTHER_TENANT = Uuids.v7();

  /** What the column must hold: the union of the paths of the product's categories, sorted; NULL without any. */
  private static final String EXPECTED = "SELECT ps.product_id::text, ps.category_ids::text AS kept, "
      + "(SELECT array_agg(DISTINCT a.id ORDER BY a.id) FROM product_categories pc JOIN categories c "
      + "ON c.tenant_id = pc.tenant_id AND c.id = pc.category_id CROSS JOIN LATERAL unnest(c.path) AS a(id) "
      + "WHERE pc.tenant_id = ps.tenant_id AND pc.product_id = ps.product_id)::text AS derived "
      + "FROM product_search ps WHERE ps.tenant_id = $1";

  /** Each side row's key, and whether it is the digest of its current tags and categories. */
  private static final String KEYS = "SELECT ps.product_id, ps.facet_key, "
      + "ps.facet_key = md5(ps.tags::text || coalesce(ps.category_ids::text, '-'))::uuid AS derived "
      + "FROM product_search ps WHERE ps.tenant_id = $1";

  /** The tag facet of every match of $2, one row per tag of each candidate (fewer than the cap here). */
  private static final String TAGS = "SELECT u.tag, count(*) AS n FROM (SELECT unnest(ps.tags) AS tag "
      + "FROM product_search ps WHERE ps.tenant_id = $1 AND ps.status = 'active' "
      + "AND ps.search @@ (websearch_to_tsquery('english', $2) || websearch_to_tsquery('simple', $2))) u "
      + "GROUP BY u.tag ORDER BY n DESC, u.tag";

  /** The category facet of every match of $2 (ancestors included), one row per category id of each candidate. */
  private static final String CATEGORIES = "SELECT u.id, count(*) AS n FROM (SELECT unnest(ps.category_ids) AS id "
      + "FROM product_search ps WHERE ps.tenant_id = $1 AND ps.status = 'active' "
      + "AND ps.search @@ (websearch_to_tsquery('english', $2) || websearch_to_tsquery('simple', $2))) u "
      + "GROUP BY u.id ORDER BY n DESC, u.id::text";

  private Pool pool;
  private CatalogService catalog;
  private SearchService search;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    catalog = new CatalogService(pool, new ProductRepository(), new CategoryRepository(), EventSink.discarding());
    search = new SearchService(pool, new SearchRepository());
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  @Test
  void shouldKeepEveryProductsCategoryAncestorsThroughLinkChangesAndMoves() {
    Category home = category(catalog, TENANT, "home", null);
    Category kitchen = category(catalog, TENANT, "kitchen", home.id());
    Category kettles = category(catalog, TENANT, "kettles", kitchen.id());
    Category outdoor = category(catalog, TENANT, "outdoor", null);
    Product kettle = product(TENANT, "Steel Kettle", "K-1", kettles.id());
    Product pan = product(TENANT, "Camping Pan", "P-1", kitchen.id(), outdoor.id());
    Product chair = product(TENANT, "Garden Chair", "C-1");
    assertKept(TENANT, Map.of(kettle.id(), List.of(home, kitchen, kettles), pan.id(), List.of(home, kitchen, outdoor),
        chair.id(), List.of()));

    // links replaced by an update: added, removed, all removed
    Product movedPan = catalog.updateProduct(TENANT, ProductInput.readUpdate(pan.id(), pan.version(),
        new JsonObject().put("category_ids", new JsonArray().add(outdoor.id().toString())))).await();
    catalog.updateProduct(TENANT, ProductInput.readUpdate(chair.id(), chair.version(),
        new JsonObject().put("category_ids", new JsonArray().add(outdoor.id().toString())
            .add(kettles.id().toString())))).await();
    assertKept(TENANT, Map.of(kettle.id(), List.of(home, kitchen, kettles), pan.id(), List.of(outdoor),
        chair.id(), List.of(home, kitchen, kettles, outdoor)));
    catalog.updateProduct(TENANT, ProductInput.readUpdate(pan.id(), movedPan.version(),
        new JsonObject().put("category_ids", new JsonArray()))).await();

    // a subtree moved under another root, then to the root: its products' ancestors follow
    catalog.moveCategory(TENANT, kitchen.id(), outdoor.id(), kitchen.version()).await();
    assertKept(TENANT, Map.of(kettle.id(), List.of(outdoor, kitchen, kettles), pan.id(), List.of(),
        chair.id(), List.of(outdoor, kitchen, kettles)));
    assertThat(titles(query("category_id", home.id().toString()))).isEmpty();
    assertThat(titles(query("category_id", outdoor.id().toString())))
        .containsExactlyInAnyOrder("Steel Kettle", "Garden Chair");
    Category movedKitchen = catalog.getCategory(TENANT, kitchen.id()).await();
    catalog.moveCategory(TENANT, kitchen.id(), null, movedKitchen.version()).await();
    assertKept(TENANT, Map.of(kettle.id(), List.of(kitchen, kettles), pan.id(), List.of(),
        chair.id(), List.of(outdoor, kitchen, kettles)));

    SearchPage page = search.search(TENANT, query("q", "kettle chair pan")).await();
    assertThat(page.facets().categories()).extracting(SearchPage.Count::label, SearchPage.Count::count)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("kettles", 2L),
            org.assertj.core.groups.Tuple.tuple("kitchen", 2L), org.assertj.core.groups.Tuple.tuple("outdoor", 1L));
    assertThat(page.facets().categories().get(2).label()).isEqualTo("outdoor");
    assertThat(titles(query("category_id", kitchen.id().toString(), "q", "chair")))
        .containsExactly("Garden Chair");
  }

  @Test
  void shouldKeepAnotherTenantsCategoriesApartUnderRowLevelSecurity() {
    Category home = category(catalog, TENANT, "home", null);
    Category garden = category(catalog, TENANT, "garden", home.id());
    Product chair = product(TENANT, "Garden Chair", "C-1", garden.id());
    Category otherHome = category(catalog, OTHER_TENANT, "home", null);
    Product otherChair = product(OTHER_TENANT, "Garden Chair", "C-1", otherHome.id());

    catalog.moveCategory(TENANT, garden.id(), null, garden.version()).await();

    assertKept(TENANT, Map.of(chair.id(), List.of(garden)));
    assertKept(OTHER_TENANT, Map.of(otherChair.id(), List.of(otherHome)));
    assertThat(search.search(OTHER_TENANT, query("category_id", garden.id().toString())).await().items()).isEmpty();
    assertThat(search.search(TENANT, query("q", "chair")).await().facets().categories())
        .extracting(SearchPage.Count::value).containsExactly(garden.id().toString());
  }

  @Test
  void shouldKeepOneFacetKeyPerDistinctTagsAndCategoriesThroughUpdatesLinksAndMoves() {
    Category home = category(catalog, TENANT, "home", null);
    Category kitchen = category(catalog, TENANT, "kitchen", home.id());
    Category outdoor = category(catalog, TENANT, "outdoor", null);
    Product a = product(TENANT, "Lamp A", "A-1", List.of("red", "steel"), kitchen.id());
    Product b = product(TENANT, "Lamp B", "B-1", List.of("red", "steel"), kitchen.id());
    Product reordered = product(TENANT, "Lamp C", "C-1", List.of("steel", "red"), kitchen.id());
    Product uncategorized = product(TENANT, "Lamp D", "D-1", List.of("red", "steel"));
    Product untagged = product(TENANT, "Lamp E", "E-1", List.of(), kitchen.id());
    Product otherTenants = product(OTHER_TENANT, "Lamp A", "A-1", List.of("red", "steel"));

    Map<UUID, UUID> keys = keys(TENANT);
    assertThat(keys.get(a.id())).isEqualTo(keys.get(b.id()));
    assertThat(List.of(keys.get(reordered.id()), keys.get(uncategorized.id()), keys.get(untagged.id())))
        .doesNotContain(keys.get(a.id())).doesNotHaveDuplicates();
    assertThat(keys(OTHER_TENANT)).containsOnlyKeys(otherTenants.id());
    assertThat(keys(OTHER_TENANT).get(otherTenants.id())).isEqualTo(keys.get(uncategorized.id()));

    // tags changed by an update, links changed by an update, a category moved: each key follows its row
    catalog.updateProduct(TENANT, ProductInput.readUpdate(b.id(), b.version(),
        new JsonObject().put("tags", new JsonArray().add("blue")))).await();
    catalog.updateProduct(TENANT, ProductInput.readUpdate(uncategorized.id(), uncategorized.version(),
        new JsonObject().put("category_ids", new JsonArray().add(kitchen.id().toString())))).await();
    Map<UUID, UUID> updated = keys(TENANT);
    assertThat(updated.get(b.id())).isNotEqualTo(keys.get(b.id()));
    assertThat(updated.get(uncategorized.id())).isEqualTo(updated.get(a.id()));

    catalog.moveCategory(TENANT, kitchen.id(), outdoor.id(), kitchen.version()).await();
    Map<UUID, UUID> moved = keys(TENANT);
    assertThat(moved.get(a.id())).isNotEqualTo(updated.get(a.id())).isEqualTo(moved.get(uncategorized.id()));
    assertThat(moved.get(b.id())).isNotEqualTo(updated.get(b.id()));
    assertThat(moved.get(untagged.id())).isNotEqualTo(updated.get(untagged.id()));
  }

  @Test
  void shouldCountFacetsPerKeyGroupAsUnnestingEveryCandidateWould() {
    Category home = category(catalog, TENANT, "home", null);
    Category kitchen = category(catalog, TENANT, "kitchen", home.id());
    Category garden = category(catalog, TENANT, "garden", home.id());
    Category outdoor = category(catalog, TENANT, "outdoor", null);
    List<List<String>> tagSets = List.of(List.of("sale", "steel"), List.of("steel", "sale"), List.of("sale"),
        List.of(), List.of("new", "oak", "sale"));
    List<UUID[]> categorySets = List.of(new UUID[] {kitchen.id()}, new UUID[] {garden.id(), outdoor.id()},
        new UUID[] {}, new UUID[] {home.id()});
    for (int i = 0; i < 60; i++) {
      List<String> tags = new ArrayList<>(tagSets.get(i % tagSets.size()));
      if (i % 7 == 0) {
        tags.add("unique" + i);
      }
      product(TENANT, (i % 3 == 0 ? "Lamp " : "Desk lamp ") + i, "L-" + i, tags, categorySets.get(i % categorySets.size()));
      if (i % 4 == 0) {
        product(OTHER_TENANT, "Lamp " + i, "L-" + i, List.of("sale", "other"));
      }
    }
    product(TENANT, "Chair", "CH-1", List.of("sale"), kitchen.id());

    for (SearchRequest request : List.of(query("q", "lamp"), query("q", "lamp", "sort", "newest"),
        query("q", "lamp", "sort", "price_asc", "limit", "5"), query("q", "desk"))) {
      SearchPage page = search.search(TENANT, request).await();
      assertThat(page.facets().sampled()).isFalse();
      assertThat(page.facets().tags()).extracting(SearchPage.Count::value, SearchPage.Count::count)
          .containsExactlyElementsOf(reference(TAGS, request.text(), row -> row.getString("tag")));
      assertThat(page.facets().categories()).extracting(SearchPage.Count::value, SearchPage.Count::count)
          .containsExactlyElementsOf(reference(CATEGORIES, request.text(), row -> row.getUUID("id").toString()));
    }
    SearchPage lamps = search.search(TENANT, query("q", "lamp")).await();
    assertThat(lamps.facets().tags()).extracting(SearchPage.Count::value).contains("sale", "unique0").doesNotContain("other");
    assertThat(lamps.facets().categories()).extracting(SearchPage.Count::label).contains("home", "kitchen", "garden");
  }

  private List<org.assertj.core.groups.Tuple> reference(String sql, String text,
      java.util.function.Function<Row, String> value) {
    List<org.assertj.core.groups.Tuple> counts = new ArrayList<>();
    for (Row row : Tenancy.inTenant(pool, TENANT, conn -> conn.preparedQuery(sql).execute(Tuple.of(TENANT, text)))
        .await()) {
      counts.add(org.assertj.core.groups.Tuple.tuple(value.apply(row), row.getLong("n")));
    }
    assertThat(counts).isNotEmpty();
    return counts;
  }

  /** The column equals its derivation for every product of the tenant, and holds exactly the expected categories. */
  private void assertKept(UUID tenant, Map<UUID, List<Category>> expected) {
    Map<String, String> kept = new HashMap<>();
    for (Row row : Tenancy.inTenant(pool, tenant, conn -> conn.preparedQuery(EXPECTED).execute(Tuple.of(tenant)))
        .await()) {
      assertThat(row.getString("kept")).as(row.getString("product_id")).isEqualTo(row.getString("derived"));
      kept.put(row.getString("product_id"), row.getString("kept"));
    }
    Map<String, String> wanted = new HashMap<>();
    expected.forEach((product, categories) -> wanted.put(product.toString(), categories.isEmpty() ? null
        : "{" + String.join(",", categories.stream().map(c -> c.id().toString()).sorted().toList()) + "}"));
    assertThat(kept).isEqualTo(wanted);
  }

  private List<String> titles(SearchRequest request) {
    return search.search(TENANT, request).await().items().stream().map(Product::title).toList();
  }

  private Map<UUID, UUID> keys(UUID tenant) {
    Map<UUID, UUID> keys = new HashMap<>();
    for (Row row : Tenancy.inTenant(pool, tenant, conn -> conn.preparedQuery(KEYS).execute(Tuple.of(tenant))).await()) {
      assertThat(row.getBoolean("derived")).as(row.getUUID("product_id").toString()).isTrue();
      keys.put(row.getUUID("product_id"), row.getUUID("facet_key"));
    }
    return keys;
  }

  private Product product(UUID tenant, String title, String sku, UUID... categories) {
    return SearchFixtures.product(catalog, tenant, title, sku, 1000, List.of(), categories);
  }

  private Product product(UUID tenant, String title, String sku, List<String> tags, UUID... categories) {
    return SearchFixtures.product(catalog, tenant, title, sku, 1000, tags, categories);
  }
}
