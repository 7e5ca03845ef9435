package io.olympus.commerce.search;

import io.olympus.commerce.catalog.Product;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Runs product searches and facet counts. Callers own the transaction and tenant. */
public final class SearchRepository {

  /** Rows of one page (up to limit + 1) with their sort keys. */
  record Hit(Product product, double rank, long sortPrice) {}

  /** The text with each word replaced by the tenant's most similar title/tag word (see {@link SearchSql#CORRECT}). */
  Future<String> correct(SqlClient client, UUID tenantId, String text) {
    return client.preparedQuery(SearchSql.CORRECT)
        .execute(Tuple.of(tenantId, text))
        .map(rows -> rows.iterator().next().getString("corrected"));
  }

  /** Whether the text matches any product of the status by full text, ignoring the other filters and the cursor. */
  Future<Boolean> anyMatch(SqlClient client, UUID tenantId, String status, String text) {
    return client.preparedQuery(SearchSql.ANY_MATCH)
        .execute(Tuple.of(tenantId, status, text))
        .map(rows -> rows.iterator().next().getBoolean(0));
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
          long counted = 0;
          for (Row row : rows) {
            if ("total".equals(row.getString("kind"))) {
              counted = row.getLong("n");
              continue;
            }
            SearchPage.Count count = new SearchPage.Count(row.getString("value"), row.getString("label"), row.getLong("n"));
            ("tag".equals(row.getString("kind")) ? tags : categories).add(count);
          }
          return new SearchPage.Facets(categories, tags, counted > SearchSql.FACET_SAMPLE);
        });
  }
}
