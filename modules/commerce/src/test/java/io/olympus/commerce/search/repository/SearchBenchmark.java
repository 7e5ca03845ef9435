package io.olympus.commerce.search.repository;

import io.olympus.commerce.search.model.SearchRequest;
import io.olympus.commerce.search.service.SearchService;
import io.olympus.common.db.Tenancy;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Search on the bench catalogue (50,000 products x 2 variants, titles from 8 nouns x 6 adjectives, the
 * bench Seeder's SQL): EXPLAIN (ANALYZE, BUFFERS) of each statement per query word as the runtime role,
 * then sequential and concurrent loops over the service. Writes target/search-benchmark.txt. Runs only
 * when named: -Dtest=SearchBenchmark (optionally -Dsearch.products=N).
 */
@ExtendWith(VertxExtension.class)
class SearchBenchmark {

  private static final UUID TENANT = Uuids.v7();
  private static final String[] WORDS = {"widget", "gadget", "lamp oak", "kettle", "sprocket blue", "jaket", "chair",
      "SKU-4242-A"};

  /** The bench Seeder's products (copied: the bench module is not on this module's test classpath). */
  private static final String INSERT_PRODUCTS = "INSERT INTO products "
      + "(tenant_id, id, status, title, description, tags, skus, min_price, currency) "
      + "SELECT '%1$s', md5('bench-product-' || n)::uuid, 'active', "
      + "(ARRAY['Widget','Gadget','Sprocket','Gizmo','Lamp','Chair','Kettle','Jacket'])[1 + n %% 8] || ' ' || "
      + "(ARRAY['red','blue','green','black','steel','oak'])[1 + n %% 6] || ' ' || n, "
      + "'Bench product number ' || n || ', a sturdy everyday item', ARRAY['bench', 'tag' || (n %% 50)], "
      + "'SKU-' || n || '-A SKU-' || n || '-B', 1000 + n %% 9000, 'EUR' "
      + "FROM generate_series(%2$d, %3$d) n";

  private static final String INSERT_VARIANTS = "INSERT INTO product_variants "
      + "(tenant_id, id, product_id, sku, options, weight_grams, price_amount, currency, position) "
      + "SELECT '%1$s', md5('bench-variant-' || n || '-' || v)::uuid, md5('bench-product-' || n)::uuid, "
      + "'SKU-' || n || '-' || chr(64 + v), jsonb_build_object('size', chr(64 + v)), 500, 1000 + n %% 9000 + v, 'EUR', v "
      + "FROM generate_series(%2$d, %3$d) n, generate_series(1, 2) v";

  @Test
  void shouldMeasureSearchOnTheBenchCatalogue(Vertx vertx) throws Exception {
    int products = Integer.getInteger("search.products", 50_000);
    int iterations = Integer.getInteger("search.iterations", 40);
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    for (int from = 1; from <= products; from += 10_000) {
      int to = Math.min(products, from + 9_999);
      infra.executeAsOwner(String.format(INSERT_PRODUCTS, TENANT, from, to));
      infra.executeAsOwner(String.format(INSERT_VARIANTS, TENANT, from, to));
    }
    infra.executeAsOwner("VACUUM ANALYZE products, product_search, product_variants, product_categories, categories");

    Pool pool = infra.appPool(vertx);
    SearchService service = new SearchService(pool, new SearchRepository());
    List<String> report = new ArrayList<>();
    report.add("-- " + products + " products x 2 variants, runtime role, tenant transaction\n");
    for (String word : WORDS) {
      SearchRequest request = query("q", word, "limit", "20");
      for (SearchSql.Statement statement : SearchSql.statements(TENANT, request, true)) {
        report.add(explain(pool, "q=" + word, statement));
      }
    }
    writeStatements(WORDS);
    for (String word : new String[] {"widget", "lamp oak", "SKU-4242-A"}) {
      for (SearchSql.Statement statement : SearchSql.statements(TENANT, query("q", word, "limit", "20"), true)) {
        report.add(explain(pool, "generic plan of q=" + word, statement, true));
      }
    }
    List<String> summary = new ArrayList<>();
    for (boolean facets : new boolean[] {true, false}) {
      for (String word : WORDS) {
        SearchRequest request = query("q", word, "limit", "20", "facets", String.valueOf(facets));
        service.search(TENANT, request).await();
        int found = service.search(TENANT, request).await().items().size();
        long[] millis = new long[iterations];
        for (int i = 0; i < iterations; i++) {
          long started = System.nanoTime();
          service.search(TENANT, request).await();
          millis[i] = (System.nanoTime() - started) / 1_000;
        }
        Arrays.sort(millis);
        summary.add(String.format("service q=%-14s facets=%-5s items %2d  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms", word, facets, found,
            millis[iterations / 2] / 1000.0, millis[(int) Math.ceil(iterations * 0.99) - 1] / 1000.0,
            millis[iterations - 1] / 1000.0));
      }
    }
    summary.add(concurrent(service, iterations * WORDS.length * 2, 8));
    report.add(0, String.join("\n", summary) + "\n");
    Files.writeString(Path.of("target", "search-benchmark.txt"), String.join("\n", report));
    pool.close().await();
  }

  /** A closed loop of {@code inFlight} clients cycling through the words with facets on (the default). */
  private static String concurrent(SearchService service, int total, int inFlight) {
    AtomicInteger issued = new AtomicInteger();
    long[] micros = new long[total];
    Promise<Void> done = Promise.promise();
    AtomicInteger finished = new AtomicInteger();
    long started = System.nanoTime();
    for (int c = 0; c < inFlight; c++) {
      next(service, issued, total, micros, finished, done);
    }
    done.future().await();
    long elapsed = System.nanoTime() - started;
    Arrays.sort(micros);
    return String.format("concurrent %d clients: %d searches in %d ms = %.0f/s, p50 %.2f ms, p99 %.2f ms", inFlight,
        total, elapsed / 1_000_000, total * 1e9 / elapsed, micros[total / 2] / 1000.0,
        micros[(int) Math.ceil(total * 0.99) - 1] / 1000.0);
  }

  private static void next(SearchService service, AtomicInteger issued, int total, long[] micros,
      AtomicInteger finished, Promise<Void> done) {
    int i = issued.getAndIncrement();
    if (i >= total) {
      return;
    }
    long started = System.nanoTime();
    service.search(TENANT, query("q", WORDS[i % WORDS.length], "limit", "20"))
        .onComplete(ar -> {
          micros[i] = (System.nanoTime() - started) / 1_000;
          if (finished.incrementAndGet() == total) {
            done.tryComplete();
          } else {
            next(service, issued, total, micros, finished, done);
          }
        });
  }

  /**
   * For instruction counts (bench/README.md, "Uncached search: PostgreSQL work per search"): per word, a script of
   * single-user PostgreSQL commands (runtime role, tenant set, {@code -j} separators) preparing the statements one
   * search runs, then {@code EXECUTE}s of them as {@code @REPEAT@} placeholders, in target/search-statements/.
   */
  private static void writeStatements(String[] words) throws Exception {
    Path dir = Path.of("target", "search-statements");
    Files.createDirectories(dir);
    for (String word : words) {
      SearchRequest request = query("q", word, "limit", "20");
      List<SearchSql.Statement> statements = SearchSql.statements(TENANT, request, true);
      StringBuilder prepare = new StringBuilder("SET ROLE olympus_app;\n\nSET app.tenant_id = '" + TENANT + "';\n\n");
      StringBuilder execute = new StringBuilder();
      for (int i = 0; i < statements.size(); i++) {
        prepare.append("PREPARE s").append(i).append(" AS ").append(statements.get(i).sql()).append(";\n\n");
        execute.append("EXECUTE s").append(i).append('(').append(literals(statements.get(i).params())).append(");\n\n");
      }
      Files.writeString(dir.resolve(word.replaceAll("[^A-Za-z0-9]+", "_") + ".sql"),
          prepare + "@REPEAT@\n" + execute);
    }
  }

  private static String literals(Tuple params) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Object value = params.getValue(i);
      if (value == null) {
        out.add("NULL");
      } else if (value instanceof Number) {
        out.add(value.toString());
      } else if (value instanceof String[] array) {
        out.add("ARRAY[" + String.join(", ", Arrays.stream(array).map(SearchBenchmark::quote).toList()) + "]::text[]");
      } else {
        out.add(quote(value.toString()));
      }
    }
    return String.join(", ", out);
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static String explain(Pool pool, String title, SearchSql.Statement statement) {
    return explain(pool, title, statement, false);
  }

  private static String explain(Pool pool, String title, SearchSql.Statement statement, boolean generic) {
    StringBuilder out = new StringBuilder("-- " + title + "\n" + statement.sql() + "\n");
    Tenancy.inTenant(pool, TENANT, conn -> conn.query("SELECT set_config('plan_cache_mode', '"
                + (generic ? "force_generic_plan" : "auto") + "', true)").execute()
            .compose(ignored -> conn.preparedQuery("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql())
                .execute(statement.params())))
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
