package io.olympus.commerce.search.repository;

import io.olympus.commerce.search.model.SearchPage;
import io.olympus.commerce.search.model.SearchRequest;
import io.olympus.commerce.catalog.model.Product;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Runs product searches and facet counts. Callers own the transaction and tenant. */
public final class SearchRepository {

  /** Rows of one page (up to limit + 1) with their sort keys. */
  public record Hit(Product product, double rank, long sortPrice) {}

  /**
   * The hits of one page (up to limit + 1) and, when asked for, the facets of the search's candidates; a text that
   * finds nothing answers with its typo fallback, in the same statement (see {@link SearchSql#page}).
   */
  public record Found(List<Hit> hits, SearchPage.Facets facets) {}

  public Future<Found> page(SqlClient client, UUID tenantId, SearchRequest request, boolean withFacets) {
    return run(client, SearchSql.page(tenantId, request, withFacets), withFacets);
  }

  /** Runs a page statement of {@link SearchSql} and reads its rows. */
  static Future<Found> run(SqlClient client, SearchSql.Statement statement, boolean withFacets) {
    return client.preparedQuery(statement.sql())
        .execute(statement.params())
        .map(rows -> {
          List<Hit> hits = new ArrayList<>();
          SearchPage.Facets facets = withFacets ? SearchPage.Facets.NONE : null;
          for (Row row : rows) {
            hits.add(new Hit(Product.fromRow(row), row.getDouble("rank"), row.getLong("sort_price")));
            if (withFacets && hits.size() == 1) {
              facets = facets(row);
            }
          }
          return new Found(hits, facets);
        });
  }

  /** The facet arrays the first row of a page carries (see {@link SearchSql#page}). */
  private static SearchPage.Facets facets(Row row) {
    List<SearchPage.Count> tags = new ArrayList<>();
    String[] tagValues = row.getArrayOfStrings("tag_values");
    Long[] tagCounts = row.getArrayOfLongs("tag_counts");
    for (int i = 0; tagValues != null && i < tagValues.length; i++) {
      tags.add(new SearchPage.Count(tagValues[i], tagValues[i], tagCounts[i]));
    }
    List<SearchPage.Count> categories = new ArrayList<>();
    UUID[] ids = row.getArrayOfUUIDs("category_ids");
    String[] names = row.getArrayOfStrings("category_names");
    Long[] counts = row.getArrayOfLongs("category_counts");
    for (int i = 0; ids != null && i < ids.length; i++) {
      categories.add(new SearchPage.Count(ids[i].toString(), names[i], counts[i]));
    }
    return new SearchPage.Facets(categories, tags, row.getLong("counted") > SearchSql.CANDIDATE_CAP);
  }
}
