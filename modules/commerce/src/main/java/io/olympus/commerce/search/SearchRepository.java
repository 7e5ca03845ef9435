package io.olympus.commerce.search;

import io.olympus.commerce.catalog.Product;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Runs product searches and facet counts. Callers own the transaction and tenant. */
public final class SearchRepository {

  /** Rows of one page (up to limit + 1) with their sort keys. */
  record Hit(Product product, double rank, long sortPrice) {}

  public Future<Void> tuneTypoTolerance(SqlClient client) {
    return client.query(SearchSql.TRGM_THRESHOLD).execute().mapEmpty();
  }

  Future<List<Hit>> page(SqlClient client, UUID tenantId, SearchRequest request) {
    SearchSql.Statement statement = SearchSql.page(tenantId, request);
    return client.preparedQuery(statement.sql())
        .execute(statement.params())
        .map(rows -> {
          List<Hit> hits = new ArrayList<>();
          for (Row row : rows) {
            hits.add(new Hit(Product.fromRow(row), row.getDouble("rank"), row.getLong("sort_price")));
          }
          return hits;
        });
  }

  Future<SearchPage.Facets> facets(SqlClient client, UUID tenantId, SearchRequest request) {
    SearchSql.Statement statement = SearchSql.facets(tenantId, request);
    return client.preparedQuery(statement.sql())
        .execute(statement.params())
        .map(rows -> {
          List<SearchPage.Count> categories = new ArrayList<>();
          List<SearchPage.Count> tags = new ArrayList<>();
          for (Row row : rows) {
            SearchPage.Count count = new SearchPage.Count(row.getString("value"), row.getString("label"), row.getLong("n"));
            ("tag".equals(row.getString("kind")) ? tags : categories).add(count);
          }
          return new SearchPage.Facets(categories, tags);
        });
  }
}
