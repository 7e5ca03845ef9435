package io.olympus.commerce.search.repository;

import io.olympus.commerce.search.model.SearchCursor;
import io.olympus.commerce.search.model.SearchRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.catalog.model.BulkResult;
import io.olympus.commerce.catalog.service.CatalogService;
import io.olympus.commerce.catalog.model.CategoryInput;
import io.olympus.commerce.catalog.repository.CategoryRepository;
import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.support.Fixtures;
import io.olympus.common.db.Tenancy;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seeds 5,000 products and writes EXPLAIN (ANALYZE) of the main search statements to
 * target/search-explain.txt for the module README. Runs only when named: -Dtest=SearchExplainBenchmark.
 */
@ExtendWith(VertxExtension.class)
class SearchExplainBenchmark {

  private static final UUID TENANT = Uuids.v7();
  private static final String[] WORDS = {"wireless", "headphones", "speaker", "espresso", "kettle", "mug", "lamp",
      "chair", "desk", "keyboard", "mouse", "monitor", "cable", "charger", "backpack", "bottle", "jacket", "shoe"};

  @Test
  void shouldExplainTheSearchStatements(Vertx vertx) throws Exception {
    TestInfra.get().truncateAll();
    Pool pool = TestInfra.get().appPool(vertx);
    CatalogService catalog = new CatalogService(pool, new ProductRepository(), new CategoryRepository(), EventSink.discarding());
    UUID root = catalog.createCategory(TENANT, CategoryInput.fromJson(new JsonObject().put("name", "All").put("slug", "all"))).await().id();
    UUID child = catalog.createCategory(TENANT, CategoryInput.fromJson(new JsonObject().put("name", "Audio").put("slug", "audio")
        .put("parent_id", root.toString()))).await().id();
    java.util.Random random = new java.util.Random(42);
    List<Long> bulkMillis = new ArrayList<>();
    for (int batch = 0; batch < 5; batch++) {
      JsonArray items = new JsonArray();
      for (int i = 0; i < 1000; i++) {
        int n = batch * 1000 + i;
        String a = word(random);
        String b = word(random);
        items.add(Fixtures.product(a + " " + b + " " + word(random), "SKU-" + n, 100 + (n * 7919L) % 100_000)
            .put("tags", new JsonArray().add(a).add(b))
            .put("category_ids", new JsonArray().add((n % 3 == 0 ? child : root).toString())));
      }
      long started = System.nanoTime();
      BulkResult result = catalog.bulkUpsert(TENANT, items).await();
      bulkMillis.add((System.nanoTime() - started) / 1_000_000);
      assertThat(result.failedCount()).isZero();
    }
    TestInfra.get().executeAsOwner("VACUUM ANALYZE products, product_search, product_variants, product_categories, categories");

    List<String> report = new ArrayList<>();
    report.add("-- bulkUpsert of 1,000 products (ms per batch): " + bulkMillis + "\n");
    explain(pool, report, "text search, relevance, first page", query("q", "wireless headphones"));
    explain(pool, report, "typo tolerance", query("q", "hedphones"));
    explain(pool, report, "category subtree + tag + price, newest", query("category_id", child.toString(),
        "tag", "speaker", "max_price", "50000"));
    explain(pool, report, "price sort, after a cursor", query("sort", "price_asc", "cursor",
        new SearchCursor("price_asc", null, 50_000L, Uuids.v7()).encode()));
    SearchRequest facets = query("q", "wireless");
    report.add(run(pool, "page + facets for q=wireless", SearchSql.page(TENANT, facets, true)));
    Files.writeString(Path.of("target", "search-explain.txt"), String.join("\n", report));
    pool.close().await();
  }

  /** One of 18 real product words (1 in 10 picks) or of 400 made-up ones, so words are as selective as in a real catalogue. */
  private static String word(java.util.Random random) {
    if (random.nextInt(10) == 0) {
      return WORDS[random.nextInt(WORDS.length)];
    }
    String[] syllables = {"ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "ze", "pa", "do", "gu", "hi", "ju", "be", "fo",
        "wy", "xa", "qe", "co"};
    return syllables[random.nextInt(20)] + syllables[random.nextInt(20)] + syllables[random.nextInt(20)];
  }

  private void explain(Pool pool, List<String> report, String title, SearchRequest request) {
    report.add(run(pool, title, SearchSql.page(TENANT, request, false)));
  }

  private String run(Pool pool, String title, SearchSql.Statement statement) {
    StringBuilder out = new StringBuilder("-- " + title + "\n" + statement.sql() + "\n");
    Tenancy.inTenant(pool, TENANT, conn -> conn.preparedQuery("EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) " + statement.sql())
                .execute(statement.params()))
        .await()
        .forEach((Row row) -> out.append(row.getString(0)).append('\n'));
    return out.toString();
  }

  private static SearchRequest query(String... pairs) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      params.add(pairs[i], pairs[i + 1]);
    }
    return SearchRequest.fromQuery(params);
  }
}
