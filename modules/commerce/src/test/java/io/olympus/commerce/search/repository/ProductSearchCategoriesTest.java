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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code product_search.category_ids} (V105): each product's categories with all their ancestors, kept by triggers
 * through link changes and category moves, read as the runtime role under row-level security.
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

  private Product product(UUID tenant, String title, String sku, UUID... categories) {
    return SearchFixtures.product(catalog, tenant, title, sku, 1000, List.of(), categories);
  }

}
