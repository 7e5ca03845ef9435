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

  /** Word-similarity threshold for typo matches (pg_trgm's default of 0.6 misses many one-letter typos). */
  static final String TRGM_THRESHOLD = "SELECT set_config('pg_trgm.word_similarity_threshold', '0.5', true)";

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
      text = q;
      where.append(" AND (p.search @@ websearch_to_tsquery('english', ").append(q).append(")")
          .append(" OR p.search @@ websearch_to_tsquery('simple', ").append(q).append(")")
          .append(" OR lower(").append(q).append(") <% p.search_text)");
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

  /** The page: limit + 1 rows, so the caller knows whether another page follows. */
  static Statement page(UUID tenantId, SearchRequest r) {
    SearchSql s = new SearchSql(tenantId, r);
    String rank = s.text == null ? "0::float8" : "(ts_rank(p.search, websearch_to_tsquery('english', " + s.text + ") "
        + "|| websearch_to_tsquery('simple', " + s.text + "))::float8 + word_similarity(lower(" + s.text + "), p.search_text)::float8)";
    StringBuilder sql = new StringBuilder("SELECT * FROM (SELECT ").append(COLUMNS)
        .append(", ").append(rank).append(" AS rank, p.min_price AS sort_price FROM products p WHERE ")
        .append(s.where).append(") s");
    SearchCursor c = r.cursor();
    String order = switch (r.sort()) {
      case "relevance" -> {
        if (c != null) {
          sql.append(" WHERE (s.rank, s.id) < (").append(s.bind(c.rank())).append("::float8, ").append(s.bind(c.id())).append(")");
        }
        yield "s.rank DESC, s.id DESC";
      }
      case "price_asc" -> {
        if (c != null) {
          sql.append(" WHERE (s.sort_price, s.id) > (").append(s.bind(c.price())).append("::bigint, ").append(s.bind(c.id())).append(")");
        }
        yield "s.sort_price ASC, s.id ASC";
      }
      case "price_desc" -> {
        if (c != null) {
          sql.append(" WHERE (s.sort_price, s.id) < (").append(s.bind(c.price())).append("::bigint, ").append(s.bind(c.id())).append(")");
        }
        yield "s.sort_price DESC, s.id DESC";
      }
      default -> {
        if (c != null) {
          sql.append(" WHERE s.id < ").append(s.bind(c.id()));
        }
        yield "s.id DESC";
      }
    };
    sql.append(" ORDER BY ").append(order).append(" LIMIT ").append(s.bind(r.limit() + 1));
    return new Statement(sql.toString(), Tuple.from(s.params));
  }

  /**
   * Facet counts over the whole filtered set (no cursor, no limit): tags, and categories rolled up so a
   * category counts every matching product in its subtree, which is what filtering by it returns.
   */
  static Statement facets(UUID tenantId, SearchRequest r) {
    SearchSql s = new SearchSql(tenantId, r);
    String sql = "WITH f AS (SELECT p.id, p.tags FROM products p WHERE " + s.where + ") "
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
