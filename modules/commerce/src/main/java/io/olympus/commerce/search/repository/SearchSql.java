package io.olympus.commerce.search.repository;

import io.olympus.commerce.search.model.SearchCursor;
import io.olympus.commerce.search.model.SearchRequest;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds the product search statements; read only by {@link SearchRepository}. Every value is a bound
 * parameter; only fixed SQL fragments are concatenated.
 */
public final class SearchSql {

  /**
   * How many matching products one search considers at most: facets count the first {@code CANDIDATE_CAP + 1}
   * matches the index yields (exact when that many are not reached, lower bounds when they are), and a
   * relevance search ranks only those candidates. Sorts by newest and price are exact over every match.
   */
  public static final int CANDIDATE_CAP = 1000;

  /** Kept for readers of the old name: facets are counted over the same capped candidate set. */
  static final int FACET_SAMPLE = CANDIDATE_CAP;

  /**
   * Each word of the query (lower-cased, split on blanks) replaced by the most similar known title/tag word of
   * the tenant (pg_trgm similarity >= 0.3, trigram index on search_words); words with no such neighbour stay.
   */
  static final String CORRECT = "SELECT string_agg(coalesce((SELECT d.word FROM search_words d "
      + "WHERE d.tenant_id = $1 AND d.word % w.word ORDER BY similarity(d.word, w.word) DESC, d.word LIMIT 1), w.word), "
      + "' ' ORDER BY w.n) AS corrected "
      + "FROM regexp_split_to_table(lower($2), '\\s+') WITH ORDINALITY AS w(word, n) WHERE w.word <> ''";

  /** Whether the text matches any product of the status at all (no cursor, no other filter). */
  static final String ANY_MATCH = "SELECT EXISTS (SELECT 1 FROM product_search ps WHERE ps.tenant_id = $1 "
      + "AND ps.status = $2 AND ps.search @@ (websearch_to_tsquery('english', $3) || websearch_to_tsquery('simple', $3)))";

  static final String COLUMNS = "p.id, p.status, p.title, p.description, p.attributes, p.images, p.tags, p.options, "
      + "p.min_price, p.currency, p.version, p.created_at, p.updated_at";

  /** A statement with its parameters. */
  record Statement(String sql, Tuple params) {}

  private final List<Object> params = new ArrayList<>();
  private final StringBuilder where = new StringBuilder();
  private String text;

  /** The filters, on the side table {@code product_search ps} (V047). */
  private SearchSql(UUID tenantId, SearchRequest r) {
    where.append("ps.tenant_id = ").append(bind(tenantId));
    where.append(" AND ps.status = ").append(bind(r.status()));
    if (r.text() != null) {
      String q = bind(r.text());
      // inline in the condition, so a custom plan folds it to a constant and estimates the match from it (the GIN
      // index evaluates it once per scan in any plan); ts_rank gets a scalar subquery (an InitPlan), so even a
      // generic plan parses the text once per statement, not once per candidate
      String english = "websearch_to_tsquery('english', " + q + ")";
      String simple = "websearch_to_tsquery('simple', " + q + ")";
      text = "(SELECT " + english + " || " + simple + ")";
      // matches exactly what english || simple matches, but when both configurations parse the text alike (no word
      // stemmed differently) the GIN index reads each posting list once instead of twice; ranking keeps the full query
      where.append(" AND ps.search @@ (CASE WHEN ").append(english).append(" = ").append(simple).append(" THEN ")
          .append(english).append(" ELSE ").append(english).append(" || ").append(simple).append(" END)");
    }
    if (r.categoryId() != null) {
      where.append(" AND EXISTS (SELECT 1 FROM product_categories pc JOIN categories c ")
          .append("ON c.tenant_id = pc.tenant_id AND c.id = pc.category_id ")
          .append("WHERE pc.tenant_id = ps.tenant_id AND pc.product_id = ps.product_id AND c.path @> ARRAY[")
          .append(bind(r.categoryId())).append("::uuid])");
    }
    if (!r.tags().isEmpty()) {
      where.append(" AND ps.tags @> ").append(bind(r.tags().toArray(String[]::new))).append("::text[]");
    }
    if (r.minPrice() != null) {
      where.append(" AND ps.min_price >= ").append(bind(r.minPrice()));
    }
    if (r.maxPrice() != null) {
      where.append(" AND ps.min_price <= ").append(bind(r.maxPrice()));
    }
    if (r.availableAt() != null) {
      where.append(" AND EXISTS (SELECT 1 FROM product_variants v JOIN inventory_levels il ")
          .append("ON il.tenant_id = v.tenant_id AND il.variant_id = v.id ")
          .append("WHERE v.tenant_id = ps.tenant_id AND v.product_id = ps.product_id AND il.location_id = ")
          .append(bind(r.availableAt())).append(" AND il.on_hand - il.reserved > 0)");
    }
  }

  private String bind(Object value) {
    params.add(value);
    return "$" + params.size();
  }

  /**
   * One statement for a page and, on request, its facets: limit + 1 rows (so the caller knows whether another
   * page follows), each with its sort keys; with facets, the first row also carries them (arrays: tag values
   * and counts, category ids, names and counts, and how many candidates were counted).
   *
   * <p>The candidates {@code c} are the first {@link #CANDIDATE_CAP} + 1 matches the index yields (storage
   * order), materialized once with their rank (no tsvector copied): a relevance page ranks only them
   * ({@code ts_rank}, one call per candidate, in the scan) and the facets count only them. Sorts by newest and price read the side table in index order over every match.
   * Only the page's rows are joined back to products for their columns.
   */
  static Statement page(UUID tenantId, SearchRequest r, boolean withFacets) {
    SearchSql s = new SearchSql(tenantId, r);
    boolean relevance = "relevance".equals(r.sort()) && s.text != null;
    SearchCursor c = r.cursor();
    StringBuilder sql = new StringBuilder("WITH ");
    if (relevance || withFacets) {
      // m is planned for every match (a CTE is planned on its own, without the LIMIT of its reader), so a text
      // that matches little or nothing takes the GIN index rather than a scan that hopes to stop early; it is
      // read lazily, so only the first CANDIDATE_CAP + 1 matches are fetched and ranked
      // the rank is computed in the scan (only for the rows read), so the tsvector is never copied into the CTE; c is
      // inlined into each of its readers, which all read the first CANDIDATE_CAP + 1 rows of m's one materialization
      sql.append("m AS MATERIALIZED (SELECT ps.product_id, ps.min_price, ps.tags, ")
          .append(relevance ? "ts_rank(ps.search, " + s.text + ")::float8" : "0::float8")
          .append(" AS rank FROM product_search ps WHERE ").append(s.where).append("), ")
          .append("c AS NOT MATERIALIZED (SELECT m.product_id AS id, m.rank, m.min_price AS sort_price, m.tags FROM m LIMIT ")
          .append(CANDIDATE_CAP + 1).append("), ");
    }
    String order;
    if (relevance) {
      sql.append("page AS (SELECT c.id, c.rank, c.sort_price FROM c");
      if (c != null) {
        sql.append(" WHERE (c.rank, c.id) < (").append(s.bind(c.rank())).append("::float8, ").append(s.bind(c.id()))
            .append(")");
      }
      sql.append(" ORDER BY c.rank DESC, c.id DESC");
      order = "rank DESC, id DESC";
    } else {
      sql.append("page AS (SELECT ps.product_id AS id, 0::float8 AS rank, ps.min_price AS sort_price ")
          .append("FROM product_search ps WHERE ").append(s.where);
      order = switch (r.sort()) {
        case "price_asc" -> {
          if (c != null) {
            sql.append(" AND (ps.min_price, ps.product_id) > (").append(s.bind(c.price())).append("::bigint, ")
                .append(s.bind(c.id())).append(")");
          }
          sql.append(" ORDER BY ps.min_price ASC, ps.product_id ASC");
          yield "sort_price ASC, id ASC";
        }
        case "price_desc" -> {
          if (c != null) {
            sql.append(" AND (ps.min_price, ps.product_id) < (").append(s.bind(c.price())).append("::bigint, ")
                .append(s.bind(c.id())).append(")");
          }
          sql.append(" ORDER BY ps.min_price DESC, ps.product_id DESC");
          yield "sort_price DESC, id DESC";
        }
        default -> {
          if (c != null) {
            sql.append(" AND ps.product_id < ").append(s.bind(c.id()));
          }
          sql.append(" ORDER BY ps.product_id DESC");
          yield "id DESC";
        }
      };
    }
    sql.append(" LIMIT ").append(s.bind(r.limit() + 1)).append(")");
    if (withFacets) {
      sql.append(", tf AS (SELECT array_agg(t.tag ORDER BY t.n DESC, t.tag) AS tag_values, ")
          .append("array_agg(t.n ORDER BY t.n DESC, t.tag) AS tag_counts ")
          .append("FROM (SELECT tag, count(*) AS n FROM (SELECT unnest(c.tags) AS tag FROM c) u GROUP BY tag) t)")
          .append(", cf AS (SELECT array_agg(x.id ORDER BY x.n DESC, x.id::text) AS category_ids, ")
          .append("array_agg(x.name ORDER BY x.n DESC, x.id::text) AS category_names, ")
          .append("array_agg(x.n ORDER BY x.n DESC, x.id::text) AS category_counts ")
          .append("FROM (SELECT cat.id, cat.name, count(DISTINCT c.id) AS n FROM c ")
          .append("JOIN product_categories pc ON pc.tenant_id = $1 AND pc.product_id = c.id ")
          .append("JOIN categories leaf ON leaf.tenant_id = $1 AND leaf.id = pc.category_id ")
          .append("JOIN categories cat ON cat.tenant_id = $1 AND cat.id = ANY (leaf.path) ")
          .append("GROUP BY cat.id, cat.name) x)");
    }
    sql.append(" SELECT ").append(COLUMNS).append(", pg.rank, pg.sort_price");
    if (withFacets) {
      sql.append(", f.counted, f.tag_values, f.tag_counts, f.category_ids, f.category_names, f.category_counts");
    }
    sql.append(" FROM (SELECT page.*, row_number() OVER (ORDER BY ").append(order).append(") AS ord FROM page) pg ")
        .append("JOIN products p ON p.tenant_id = $1 AND p.id = pg.id");
    if (withFacets) {
      sql.append(" LEFT JOIN (SELECT (SELECT count(*) FROM c) AS counted, tf.*, cf.* FROM tf, cf) f ON pg.ord = 1");
    }
    sql.append(" ORDER BY pg.ord");
    return new Statement(sql.toString(), Tuple.from(s.params));
  }

  /** The statements one first-page search runs (for EXPLAIN): one, facets included. */
  static List<Statement> statements(UUID tenantId, SearchRequest r, boolean withFacets) {
    return List.of(page(tenantId, r, withFacets));
  }
}
