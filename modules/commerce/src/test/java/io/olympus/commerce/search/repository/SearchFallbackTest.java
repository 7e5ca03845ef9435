package io.olympus.commerce.search.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.catalog.model.Category;
import io.olympus.commerce.catalog.repository.CategoryRepository;
import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.commerce.catalog.service.CatalogService;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.search.model.SearchCursor;
import io.olympus.commerce.search.model.SearchPage;
import io.olympus.commerce.search.model.SearchRequest;
import io.olympus.commerce.search.service.SearchService;
import static io.olympus.commerce.support.SearchFixtures.category;
import static io.olympus.commerce.support.SearchFixtures.product;
import static io.olympus.commerce.support.SearchFixtures.query;

import io.olympus.common.db.Tenancy;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The typo/partial fallback runs inside the page's one statement ({@link SearchSql#page}): every search answers
 * exactly what the earlier two-step path answered — the text alone ({@link SearchSql#exactPage}), and when that
 * found nothing a second look-up ({@link SearchSql#CORRECT}, {@link SearchSql#ANY_MATCH} on later pages) and the
 * corrected text's page. That path is kept here as the reference; both run as the runtime role under row-level
 * security.
 */
@ExtendWith(VertxExtension.class)
class SearchFallbackTest {

  private static final UUID TENANT = Uuids.v7();
  private static final UUID OTHER_TENANT = Uuids.v7();

  private Pool pool;
  private CatalogService catalog;
  private SearchService search;
  private Category outdoor;
  private Category home;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    catalog = new CatalogService(pool, new ProductRepository(), new CategoryRepository(), EventSink.discarding());
    search = new SearchService(pool, new SearchRepository());
    outdoor = category(catalog, TENANT, "outdoor", null);
    Category jackets = category(catalog, TENANT, "jackets", outdoor.id());
    home = category(catalog, TENANT, "home", null);
    Category lighting = category(catalog, TENANT, "lighting", home.id());
    product(catalog, TENANT, "Rain Jacket", "RJ-1", 8900, List.of("outdoor", "waterproof"), jackets.id());
    product(catalog, TENANT, "Down Jacket", "DJ-1", 15900, List.of("outdoor"), jackets.id());
    product(catalog, TENANT, "Oak Table", "OT-1", 45900, List.of("wood"), home.id());
    product(catalog, TENANT, "Oak Shelf", "OS-1", 12900, List.of("wood", "storage"), home.id());
    product(catalog, TENANT, "Blue Sprocket", "BS-1", 900, List.of("parts"));
    product(catalog, TENANT, "Steel Kettle", "SK-1", 3900, List.of("kitchen"), home.id());
    for (int i = 0; i < 12; i++) {
      product(catalog, TENANT, "Desk Lamp model " + i, "DL-" + i, 2000 + i * 100, List.of(i % 2 == 0 ? "led" : "halogen"),
          lighting.id());
    }
    product(catalog, OTHER_TENANT, "Kayak Paddle", "KP-1", 5900, List.of("water"));
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  @Test
  void shouldAnswerATypoWithTheCorrectedWordsProductsAsTheTwoStepSearchDid() {
    List<Page> pages = compareEveryPage(TENANT, "q", "jaket");

    assertThat(titles(pages)).containsExactlyInAnyOrder("Rain Jacket", "Down Jacket");
    assertThat(pages.get(0).found().facets().tags()).extracting(SearchPage.Count::value)
        .containsExactly("outdoor", "waterproof");
    assertThat(pages.get(0).found().facets().categories()).extracting(SearchPage.Count::label)
        .containsExactlyInAnyOrder("jackets", "outdoor");
    compareEveryPage(TENANT, "q", "Jaket", "sort", "price_asc");
    compareEveryPage(TENANT, "q", "jaket", "facets", "false", "sort", "newest");
  }

  @Test
  void shouldAnswerAPartialMultiWordQueryWithAnyOfItsWordsAsTheTwoStepSearchDid() {
    List<Page> pages = compareEveryPage(TENANT, "q", "lamp oak", "limit", "5");

    assertThat(pages).hasSize(3);
    assertThat(titles(pages)).hasSize(14).doesNotHaveDuplicates().contains("Oak Table", "Oak Shelf", "Desk Lamp model 7");
    assertThat(pages.get(0).found().facets().categories()).extracting(SearchPage.Count::label, SearchPage.Count::count)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("home", 14L),
            org.assertj.core.groups.Tuple.tuple("lighting", 12L));
    compareEveryPage(TENANT, "q", "  lamp   OAK ", "limit", "4", "sort", "price_desc");
    compareEveryPage(TENANT, "q", "lamp oak", "limit", "3", "sort", "newest", "facets", "false");
    compareEveryPage(TENANT, "q", "sprockett blu", "category_id", home.id().toString());
    compareEveryPage(TENANT, "q", "lamp oak", "tag", "led", "max_price", "2500");
    // no product has both words: the fallback keeps the category filter
    compareEveryPage(TENANT, "q", "oak jacket", "category_id", outdoor.id().toString());
  }

  @Test
  void shouldAnswerASearchThatFindsNothingEmptyAsTheTwoStepSearchDid() {
    for (String[] query : List.of(
        new String[] {"q", "zzqxv"},
        new String[] {"q", "zzqxv", "facets", "false"},
        new String[] {"q", "jacket", "tag", "wood"},
        new String[] {"q", "jaket", "status", "draft"},
        new String[] {"q", "!!!"},
        new String[] {"q", "kayak"},
        new String[] {"q", "kayac", "sort", "price_asc"})) {
      List<Page> pages = compareEveryPage(TENANT, query);

      assertThat(pages).hasSize(1);
      assertThat(pages.get(0).found().hits()).as(String.join(" ", query)).isEmpty();
    }
    SearchPage empty = search.search(TENANT, query("q", "zzqxv")).await();
    assertThat(empty.toJson()).isEqualTo(new JsonObject().put("items", new JsonArray()).putNull("next_cursor")
        .put("facets", SearchPage.Facets.NONE.toJson()).put("facets_capped", false));
  }

  @Test
  void shouldAnswerThePageAfterTheLastOneEmptyWithoutFallingBack() {
    // "lamp" matches 12 products; a cursor after the last one finds nothing, and the text matches: no fallback
    Page last = lastOf(compareEveryPage(TENANT, "q", "lamp", "limit", "5"));
    SearchRepository.Hit end = last.found().hits().get(last.found().hits().size() - 1);
    String after = new SearchCursor("relevance", end.rank(), null, end.product().id()).encode();
    assertThat(compareEveryPage(TENANT, "q", "lamp", "limit", "5", "cursor", after).get(0).found().hits()).isEmpty();

    // the same after the last page of a fallback: the corrected text's page after its last one
    Page lastFallback = lastOf(compareEveryPage(TENANT, "q", "lamp oak", "limit", "5"));
    SearchRepository.Hit endFallback = lastFallback.found().hits().get(lastFallback.found().hits().size() - 1);
    String afterFallback = new SearchCursor("relevance", endFallback.rank(), null, endFallback.product().id()).encode();
    assertThat(compareEveryPage(TENANT, "q", "lamp oak", "limit", "5", "cursor", afterFallback).get(0).found().hits())
        .isEmpty();
    String newest = new SearchCursor("newest", null, null, new UUID(0, 1)).encode();
    assertThat(compareEveryPage(TENANT, "q", "jacket", "sort", "newest", "cursor", newest).get(0).found().hits())
        .isEmpty();
  }

  @Test
  void shouldNeitherFindNorCorrectToAnotherTenantsWords() {
    assertThat(compareEveryPage(TENANT, "q", "kayac").get(0).found().hits()).isEmpty();
    assertThat(compareEveryPage(TENANT, "q", "paddle kayak").get(0).found().hits()).isEmpty();
    assertThat(titles(compareEveryPage(OTHER_TENANT, "q", "kayac paddel"))).containsExactly("Kayak Paddle");
    assertThat(compareEveryPage(OTHER_TENANT, "q", "jaket").get(0).found().hits()).isEmpty();
  }

  /** One page of a search as the one statement found it (its request, for the cursor that follows it). */
  private record Page(SearchRequest request, SearchRepository.Found found) {}

  /**
   * Every page of the search, following the service's cursors: at each page the one statement's rows (products, ranks,
   * sort keys, facets) equal the two-step reference's, and the service answers those rows.
   */
  private List<Page> compareEveryPage(UUID tenant, String... pairs) {
    List<Page> pages = new ArrayList<>();
    SearchRequest request = query(pairs);
    while (true) {
      SearchRequest current = request;
      boolean withFacets = current.facets() && current.cursor() == null;
      SearchRepository.Found found = Tenancy.readInTenant(pool, tenant,
          conn -> SearchRepository.run(conn, SearchSql.page(tenant, current, withFacets), withFacets)).await();
      SearchRepository.Found reference = Tenancy.inTenant(pool, tenant,
          conn -> twoStep(conn, tenant, current, withFacets)).await();
      assertThat(render(found)).as(Arrays.toString(pairs)).isEqualTo(render(reference));
      SearchPage page = search.search(tenant, current).await();
      assertThat(page.items()).isEqualTo(found.hits().stream().limit(current.limit())
          .map(SearchRepository.Hit::product).toList());
      pages.add(new Page(current, found));
      if (page.nextCursor() == null) {
        return pages;
      }
      String[] next = Arrays.copyOf(pairs, pairs.length + 2);
      next[pairs.length] = "cursor";
      next[pairs.length + 1] = page.nextCursor();
      request = query(next);
    }
  }

  /** The earlier path: the text's page, then (only when it found nothing) the correction and its page. */
  private static Future<SearchRepository.Found> twoStep(SqlConnection conn, UUID tenant, SearchRequest request,
      boolean withFacets) {
    return SearchRepository.run(conn, SearchSql.exactPage(tenant, request, withFacets), withFacets)
        .compose(found -> !found.hits().isEmpty() || request.text() == null
            ? Future.succeededFuture(found)
            : (request.cursor() == null
                ? Future.succeededFuture(false)
                : conn.preparedQuery(SearchSql.ANY_MATCH).execute(Tuple.of(tenant, request.status(), request.text()))
                    .map(rows -> rows.iterator().next().getBoolean(0)))
                .compose(any -> any
                    ? Future.succeededFuture(null)
                    : conn.preparedQuery(SearchSql.CORRECT).execute(Tuple.of(tenant, request.text()))
                        .map(rows -> rows.iterator().next().getString("corrected")))
                .compose(text -> text == null
                    || text.equals(request.text().toLowerCase(Locale.ROOT)) && !text.contains(" ")
                    ? Future.succeededFuture(found)
                    : SearchRepository.run(conn,
                        SearchSql.exactPage(tenant, request.withText(String.join(" or ", text.split(" "))), withFacets),
                        withFacets)));
  }

  private static List<String> render(SearchRepository.Found found) {
    List<String> out = new ArrayList<>();
    for (SearchRepository.Hit hit : found.hits()) {
      out.add(hit.product().toJson().encode() + " rank=" + hit.rank() + " price=" + hit.sortPrice());
    }
    out.add("facets=" + (found.facets() == null ? null : found.facets().toJson().encode()));
    return out;
  }

  private static Page lastOf(List<Page> pages) {
    return pages.get(pages.size() - 1);
  }

  private static List<String> titles(List<Page> pages) {
    return pages.stream().flatMap(p -> p.found().hits().stream().limit(p.request().limit()))
        .map(hit -> hit.product().title()).toList();
  }

}
