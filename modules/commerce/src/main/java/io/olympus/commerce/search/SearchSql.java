package io.olympus.commerce.search;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds the product search statements; read only by {@link SearchRepository}. Every value is a bound
 * parameter; only fixed SQL fragments are concatenated.
 */
final class SearchSql {

  /** How many matching products facets count at most (the first ones the index yields; beyond, a sample). */
  static final int FACET_SAMPLE = 1000;

  /**
   * Each word of the query (lower-cased, split on blanks) replaced by the most similar known title/tag word of
   * the tenant (pg_trgm similarity >= 0.3, trigram index on search_words); words with no such neighbour stay.
   */
  static final String CORRECT = "SELECT string_agg(coalesce((SELECT d.word FROM search_words d "
      + "WHERE d.tenant_id = $1 AND d.word % w.word ORDER BY similarity(d.word, w.word) DESC, d.word LIMIT 1), w.word), "
      + "' ' ORDER BY w.n) AS corrected "
      + "FROM regexp_split_to_table(lower($2), '\\s+') WITH ORDINALITY AS w(word, n) WHERE w.word <> ''";

  /** Whether the text matches any product of the status at all (no cursor, no other filter). */
  static final String ANY_MATCH = "SELECT EXISTS (SELECT 1 FROM products p WHERE p.tenant_id = $1 AND p.status = $2 "
      + "AND p.search @@ (websearch_to_tsquery('english', $3) || websearch_to_tsquery('simple', $3)))";

  static final String COLUMNS = "p.id, p.status, p.title, p.description, p.attributes, p.images, p.tags, p.options, "
      + "p.min_price, p.currency, p.version, p.created_at, p.updated_at";

  /** A statement with its parameters. */
  record Statement(String sql, Tuple params) {}

  private final List<Object> params = new ArrayList<>();
  private final StringBuilder where = new StringBuilder();
  private String text;

  private SearchSql(UUID tenantId, SearchRequest r) {
    where.append("p.tenant_id = ").append(bind(tenantId));
    where.append(" AND p.status = ").append(bind(r.status()));
    if (r.text() != null) {
      String q = bind(r.text());
      text = "(websearch_to_tsquery('english', " + q + ") || websearch_to_tsquery('simple', " + q + "))";
      where.append(" AND p.search @@ ").append(text);
    }
    if (r.categoryId() != null) {
      where.append(" AND EXISTS (SELECT 1 FROM product_categories pc JOIN categories c ")
          .append("ON c.tenant_id = pc.tenant_id AND c.id = pc.category_id ")
          .append("WHERE pc.tenant_id = p.tenant_id AND pc.product_id = p.id AND c.path @> ARRAY[")
          .append(bind(r.categoryId())).append("::uuid])");
    }
    if (!r.tags().isEmpty()) {
      where.append(" AND p.tags @> ").append(bind(r.tags().toArray(String[]::new))).append("::text[]");
    }
    if (r.minPrice() != null) {
      where.append(" AND p.min_price >= ").append(bind(r.minPrice()));
    }
    if (r.maxPrice() != null) {
      where.append(" AND p.min_price <= ").append(bind(r.maxPrice()));
    }
    if (r.availableAt() != null) {
      where.append(" AND EXISTS (SELECT 1 FROM product_variants v JOIN inventory_levels il ")
          .append("ON il.tenant_id = v.tenant_id AND il.variant_id = v.id ")
          .append("WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND il.location_id = ")
          .append(bind(r.availableAt())).append(" AND il.on_hand - il.reserved > 0)");
    }
  }

  private String bind(Object value) {
    params.add(value);
    return "$" + params.size();
  }

  /**
   * The page: limit + 1 rows, so the caller knows whether another page follows. The inner query orders and
   * limits on narrow rows (id, rank, price; the rank is ts_rank only, one cheap call per match); only the
   * page's rows are joined back for their columns.
   */
  static Statement page(UUID tenantId, SearchRequest r) {
    SearchSql s = new SearchSql(tenantId, r);
    String rank = s.text == null ? "0::float8" : "ts_rank(p.search, " + s.text + ")::float8";
    StringBuilder inner = new StringBuilder("SELECT * FROM (SELECT p.id, ").append(rank)
        .append(" AS rank, p.min_price AS sort_price FROM products p WHERE ").append(s.where).append(") s");
    SearchCursor c = r.cursor();
    String order = switch (r.sort()) {
      case "relevance" -> {
        if (c != null) {
          inner.append(" WHERE (s.rank, s.id) < (").append(s.bind(c.rank())).append("::float8, ").append(s.bind(c.id())).append(")");
        }
        yield "s.rank DESC, s.id DESC";
      }
      case "price_asc" -> {
        if (c != null) {
          inner.append(" WHERE (s.sort_price, s.id) > (").append(s.bind(c.price())).append("::bigint, ").append(s.bind(c.id())).append(")");
        }
        yield "s.sort_price ASC, s.id ASC";
      }
      case "price_desc" -> {
        if (c != null) {
          inner.append(" WHERE (s.sort_price, s.id) < (").append(s.bind(c.price())).append("::bigint, ").append(s.bind(c.id())).append(")");
        }
        yield "s.sort_price DESC, s.id DESC";
      }
      default -> {
        if (c != null) {
          inner.append(" WHERE s.id < ").append(s.bind(c.id()));
        }
        yield "s.id DESC";
      }
    };
    inner.append(" ORDER BY ").append(order).append(" LIMIT ").append(s.bind(r.limit() + 1));
    String sql = "SELECT " + COLUMNS + ", s.rank, s.sort_price FROM (" + inner + ") s "
        + "JOIN products p ON p.tenant_id = $1 AND p.id = s.id ORDER BY " + order;
    return new Statement(sql, Tuple.from(s.params));
  }

  /** The statements one first-page search runs (for EXPLAIN). */
  static List<Statement> statements(UUID tenantId, SearchRequest r, boolean withFacets) {
    return withFacets ? List.of(page(tenantId, r), facets(tenantId, r)) : List.of(page(tenantId, r));
  }

  /**
   * Facet counts over the filtered set (no cursor): tags, and categories rolled up so a category counts every
   * matching product in its subtree, which is what filtering by it returns. Exact up to FACET_SAMPLE matching
   * products; beyond, counted over the first FACET_SAMPLE + 1 the index yields (the 'total' row says how many
   * were counted, so the caller knows it sampled).
   */
  static Statement facets(UUID tenantId, SearchRequest r) {
    SearchSql s = new SearchSql(tenantId, r);
    String sql = "WITH f AS MATERIALIZED (SELECT p.id, p.tags FROM products p WHERE " + s.where
        + " LIMIT " + (FACET_SAMPLE + 1) + ") "
        + "SELECT 'total' AS kind, NULL AS value, NULL AS label, count(*) AS n FROM f "
        + "UNION ALL "
        + "SELECT 'tag' AS kind, t AS value, t AS label, count(*) AS n FROM f CROSS JOIN LATERAL unnest(f.tags) AS t "
        + "GROUP BY t "
        + "UNION ALL "
        + "SELECT 'category', c.id::text, c.name, count(DISTINCT f.id) FROM f "
        + "JOIN product_categories pc ON pc.tenant_id = $1 AND pc.product_id = f.id "
        + "JOIN categories leaf ON leaf.tenant_id = $1 AND leaf.id = pc.category_id "
        + "JOIN categories c ON c.tenant_id = $1 AND c.id = ANY (leaf.path) "
        + "GROUP BY c.id, c.name "
        + "ORDER BY 1, 4 DESC, 2";
    return new Statement(sql, Tuple.from(s.params));
  }
}
