package io.olympus.commerce.search.repository;

import static io.olympus.commerce.support.SearchFixtures.category;
import static io.olympus.commerce.support.SearchFixtures.query;
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
 * {@code product_search.facet_key} (V110): equal for equal tags and categories, kept by the trigger through product
 * updates, link changes and category moves; and facets counted per group of candidates sharing a key are the counts of
 * unnesting every candidate's tags and categories (the reference queries below), as the runtime role under row-level
 * security.
 */
@ExtendWith(VertxExtension.class)
class SearchFacetKeyTest {

  private static final UUID TENANT = Uuids.v7();
  private static final UUID OTHER_TENANT = Uuids.v7();

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

  private Map<UUID, UUID> keys(UUID tenant) {
    Map<UUID, UUID> keys = new HashMap<>();
    for (Row row : Tenancy.inTenant(pool, tenant, conn -> conn.preparedQuery(KEYS).execute(Tuple.of(tenant))).await()) {
      assertThat(row.getBoolean("derived")).as(row.getUUID("product_id").toString()).isTrue();
      keys.put(row.getUUID("product_id"), row.getUUID("facet_key"));
    }
    return keys;
  }

  private Product product(UUID tenant, String title, String sku, List<String> tags, UUID... categories) {
    return SearchFixtures.product(catalog, tenant, title, sku, 1000, tags, categories);
  }
}
