package io.olympus.commerce.search.repository;

import io.olympus.commerce.search.model.SearchCursor;
import io.olympus.commerce.search.model.SearchRequest;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
   * the tenant (pg_trgm similarity >= 0.3, trigram index on search_words); words with no such neighbour stay. As a
   * statement of its own ($1 tenant, $2 text); {@link #page} runs the same look-up inside its statement.
   */
  static final String CORRECT = correction("$1", "$2", "");

  /**
   * Whether the text matches any product of the status at all (no cursor, no other filter), as a statement of its own
   * ($1 tenant, $2 status, $3 text); {@link #page} asks the same inside its statement on a later page.
   */
  static final String ANY_MATCH = "SELECT " + anyMatch("$1", "$2", "$3");

  /** {@link #CORRECT} for the tenant and text placeholders, its input rows kept only when {@code gate} holds. */
  private static String correction(String tenant, String text, String gate) {
    return "SELECT string_agg(coalesce((SELECT d.word FROM search_words d WHERE d.tenant_id = " + tenant
        + " AND d.word % w.word ORDER BY similarity(d.word, w.word) DESC, d.word LIMIT 1), w.word), ' ' ORDER BY w.n) "
        + "AS corrected FROM regexp_split_to_table(lower(" + text + "), '\\s+') WITH ORDINALITY AS w(word, n) "
        + "WHERE w.word <> ''" + gate;
  }

  private static String anyMatch(String tenant, String status, String text) {
    return "EXISTS (SELECT 1 FROM product_search ps WHERE ps.tenant_id = " + tenant + " AND ps.status = " + status
        + " AND ps.search @@ (websearch_to_tsquery('english', " + text + ") || websearch_to_tsquery('simple', " + text
        + ")))";
  }

  static final String COLUMNS = "p.id, p.status, p.title, p.description, p.attributes, p.images, p.tags, p.options, "
      + "p.min_price, p.currency, p.version, p.created_at, p.updated_at";

  /** A statement with its parameters. */
  record Statement(String sql, Tuple params) {}

  private final List<Object> params = new ArrayList<>();
  /** The filters but the text, on the side table {@code product_search ps} (V047). */
  private final StringBuilder filters = new StringBuilder();
  /** The filters and the text's match condition. */
  private final String where;
  /** The text's placeholder, and the text's query for ts_rank (an InitPlan: parsed once per statement). */
  private String q;
  private String text;

  private SearchSql(UUID tenantId, SearchRequest r) {
    filters.append("ps.tenant_id = ").append(bind(tenantId));
    filters.append(" AND ps.status = ").append(bind(r.status()));
    String match = "";
    if (r.text() != null) {
      q = bind(r.text());
      // inline in the condition, so a custom plan folds it to a constant and estimates the match from it (the GIN
      // index evaluates it once per scan in any plan); ts_rank gets a scalar subquery (an InitPlan), so even a
      // generic plan parses the text once per statement, not once per candidate
      String english = "websearch_to_tsquery('english', " + q + ")";
      String simple = "websearch_to_tsquery('simple', " + q + ")";
      text = "(SELECT " + english + " || " + simple + ")";
      // matches exactly what english || simple matches, but when both configurations parse the text alike (no word
      // stemmed differently) the GIN index reads each posting list once instead of twice; ranking keeps the full query
      match = " AND ps.search @@ (CASE WHEN " + english + " = " + simple + " THEN " + english + " ELSE " + english
          + " || " + simple + " END)";
    }
    if (r.categoryId() != null) {
      // the product's categories with their ancestors (V105): in the category or anywhere in its subtree
      filters.append(" AND ps.category_ids @> ARRAY[").append(bind(r.categoryId())).append("::uuid]");
    }
    if (!r.tags().isEmpty()) {
      filters.append(" AND ps.tags @> ").append(bind(r.tags().toArray(String[]::new))).append("::text[]");
    }
    if (r.minPrice() != null) {
      filters.append(" AND ps.min_price >= ").append(bind(r.minPrice()));
    }
    if (r.maxPrice() != null) {
      filters.append(" AND ps.min_price <= ").append(bind(r.maxPrice()));
    }
    if (r.availableAt() != null) {
      filters.append(" AND EXISTS (SELECT 1 FROM product_variants v JOIN inventory_levels il ")
          .append("ON il.tenant_id = v.tenant_id AND il.variant_id = v.id ")
          .append("WHERE v.tenant_id = ps.tenant_id AND v.product_id = ps.product_id AND il.location_id = ")
          .append(bind(r.availableAt())).append(" AND il.on_hand - il.reserved > 0)");
    }
    where = filters + match;
  }

  private String bind(Object value) {
    params.add(value);
    return "$" + params.size();
  }

  /** The filters and the match condition of the typo fallback's text ({@code fq}, see {@link #page}). */
  private String fallbackWhere() {
    return filters + " AND EXISTS (SELECT 1 FROM fq) AND ps.search @@ (SELECT fq.match FROM fq)";
  }

  /**
   * One statement for a page and, on request, its facets: limit + 1 rows (so the caller knows whether another
   * page follows), each with its sort keys; with facets, the first row also carries them (arrays: tag values
   * and counts, category ids, names and counts, and how many candidates were counted).
   *
   * <p>The candidates {@code c} are the first {@link #CANDIDATE_CAP} + 1 matches the index yields (storage
   * order), materialized once with their rank (no tsvector copied): a relevance page ranks only them
   * ({@code ts_rank}, one call per candidate, in the scan) and the facets count only them: grouped once by facet key
   * (V110: candidates with the same key have the same tags and categories), each group's tags and categories counted
   * once, weighted by its size. Sorts by newest and price read the side table in index order over every match.
   * Only the page's rows are joined back to products for their columns.
   *
   * <p>A text search carries its typo fallback in the same statement: when the text finds nothing (on a later page:
   * matches no product of the status at all), the search runs again for any of its words ({@code or}), each
   * corrected to the tenant's most similar title/tag word ({@link #CORRECT}); a single word that needs no correction
   * has no fallback. The fallback's matches are a second branch of the candidates (and of a page sorted by newest or
   * price) behind a one-time filter, so when the text finds something neither the correction nor the fallback's
   * scan runs. The answer is the one the text alone would give, else the one the corrected text would.
   */
  static Statement page(UUID tenantId, SearchRequest r, boolean withFacets) {
    return build(tenantId, r, withFacets, r.text() != null);
  }

  /** {@link #page} without the typo fallback: what the text alone finds. */
  static Statement exactPage(UUID tenantId, SearchRequest r, boolean withFacets) {
    return build(tenantId, r, withFacets, false);
  }

  private static Statement build(UUID tenantId, SearchRequest r, boolean withFacets, boolean fallback) {
    SearchSql s = new SearchSql(tenantId, r);
    boolean relevance = "relevance".equals(r.sort()) && s.text != null;
    boolean candidates = relevance || withFacets;
    SearchCursor c = r.cursor();
    String lower = fallback ? s.bind(r.text().toLowerCase(Locale.ROOT)) : null;
    String page;
    String order;
    String exactPage = null;
    if (relevance) {
      StringBuilder p = new StringBuilder("page AS (SELECT c.id, c.rank FROM c");
      if (c != null) {
        p.append(" WHERE (c.rank, c.id) < (").append(s.bind(c.rank())).append("::float8, ").append(s.bind(c.id()))
            .append(")");
      }
      page = p.append(" ORDER BY c.rank DESC, c.id DESC LIMIT ").append(s.bind(r.limit() + 1)).append(")").toString();
      order = "rank DESC, id DESC";
    } else {
      String after = "";
      String orderBy;
      switch (r.sort()) {
        case "price_asc" -> {
          if (c != null) {
            after = " AND (ps.min_price, ps.product_id) > (" + s.bind(c.price()) + "::bigint, " + s.bind(c.id()) + ")";
          }
          orderBy = " ORDER BY ps.min_price ASC, ps.product_id ASC";
          order = "sort_price ASC, id ASC";
        }
        case "price_desc" -> {
          if (c != null) {
            after = " AND (ps.min_price, ps.product_id) < (" + s.bind(c.price()) + "::bigint, " + s.bind(c.id()) + ")";
          }
          orderBy = " ORDER BY ps.min_price DESC, ps.product_id DESC";
          order = "sort_price DESC, id DESC";
        }
        default -> {
          if (c != null) {
            after = " AND ps.product_id < " + s.bind(c.id());
          }
          orderBy = " ORDER BY ps.product_id DESC";
          order = "id DESC";
        }
      }
      String tail = after + orderBy + " LIMIT " + s.bind(r.limit() + 1);
      String select = "SELECT ps.product_id AS id, 0::float8 AS rank, ps.min_price AS sort_price FROM product_search ps WHERE ";
      if (!fallback) {
        page = "page AS (" + select + s.where + tail + ")";
      } else if (candidates) {
        page = "page AS ((" + select + s.where + tail + ") UNION ALL (" + select + s.fallbackWhere() + tail + "))";
      } else {
        exactPage = "px AS (" + select + s.where + tail + "), ";
        page = "page AS (SELECT * FROM px UNION ALL (" + select + s.fallbackWhere() + tail + "))";
      }
    }
    StringBuilder sql = new StringBuilder("WITH ");
    // what the facets read of each candidate (V105, V110); a search without facets carries none of it
    String facetColumns = withFacets ? ", ps.tags, ps.category_ids, ps.facet_key" : "";
    if (candidates) {
      // m is planned for every match (a CTE is planned on its own, without the LIMIT of its reader), so a text
      // that matches little or nothing takes the GIN index rather than a scan that hopes to stop early; it is
      // read lazily, so only the first CANDIDATE_CAP + 1 matches are fetched and ranked
      // the rank is computed in the scan (only for the rows read), so the tsvector is never copied into the CTE; c is
      // inlined into each of its readers, which all read the first CANDIDATE_CAP + 1 rows of m's one materialization
      // (with a fallback: the text's matches mx, then the fallback's mf)
      String rank = relevance ? "ts_rank(ps.search, " + s.text + ")::float8" : "0::float8";
      if (fallback) {
        // columns in c's order, so c reads mx and mf without a projection of its own
        sql.append("mx AS MATERIALIZED (SELECT ps.product_id AS id, ").append(rank)
            .append(" AS rank").append(facetColumns).append(" FROM product_search ps WHERE ").append(s.where).append("), ");
      } else {
        sql.append("m AS MATERIALIZED (SELECT ps.product_id").append(facetColumns).append(", ").append(rank)
            .append(" AS rank FROM product_search ps WHERE ").append(s.where).append("), ");
      }
    }
    if (fallback) {
      // the gate: the text finds nothing (its first match, already read, or the page), and on a later page it matches
      // no product of the status either (else this is just the page after the last one); the correction's input rows
      // exist only when it holds, so the trigram look-ups run only then, and fq is empty unless there is a fallback
      if (exactPage != null) {
        sql.append(exactPage);
      }
      String gate = " AND NOT EXISTS (SELECT 1 FROM " + (candidates ? "mx" : "px") + ")"
          + (c == null ? "" : " AND NOT " + anyMatch("$1", "$2", s.q));
      sql.append("fb AS MATERIALIZED (SELECT CASE WHEN x.corrected = ").append(lower)
          .append(" AND strpos(x.corrected, ' ') = 0 THEN NULL ELSE replace(x.corrected, ' ', ' or ') END AS text FROM (")
          .append(correction("$1", s.q, gate)).append(") x), ")
          .append("fq AS MATERIALIZED (SELECT CASE WHEN q.e = q.s THEN q.e ELSE q.e || q.s END AS match, ")
          .append("q.e || q.s AS rank FROM (SELECT websearch_to_tsquery('english', fb.text) AS e, ")
          .append("websearch_to_tsquery('simple', fb.text) AS s FROM fb WHERE fb.text IS NOT NULL) q), ");
      if (candidates) {
        // read only when the text's matches are fewer than the cap; empty unless the gate opened
        sql.append("mf AS MATERIALIZED (SELECT ps.product_id AS id, ")
            .append(relevance ? "ts_rank(ps.search, (SELECT fq.rank FROM fq))::float8" : "0::float8")
            .append(" AS rank").append(facetColumns).append(" FROM product_search ps WHERE ").append(s.fallbackWhere())
            .append("), c AS NOT MATERIALIZED (SELECT * FROM mx UNION ALL SELECT * FROM mf LIMIT ").append(CANDIDATE_CAP + 1)
            .append("), ");
      }
    } else if (candidates) {
      sql.append("c AS NOT MATERIALIZED (SELECT m.product_id AS id, m.rank")
          .append(withFacets ? ", m.tags, m.category_ids, m.facet_key" : "").append(" FROM m LIMIT ")
          .append(CANDIDATE_CAP + 1).append("), ");
    }
    sql.append(page);
    if (withFacets) {
      // one pass over the candidates groups them by facet key (V110: equal keys, equal tags and categories) and counts
      // each group; the facets unnest one member's tags and categories per group, weighted by the group's size, which
      // counts what unnesting every candidate would, with one hash look-up per candidate instead of one per tag and
      // per category of each
      sql.append(", g AS MATERIALIZED (SELECT any_value(c.tags) AS tags, any_value(c.category_ids) AS category_ids, ")
          .append("count(*) AS n FROM c GROUP BY c.facet_key)")
          .append(", tf AS (SELECT array_agg(t.tag ORDER BY t.n DESC, t.tag) AS tag_values, ")
          .append("array_agg(t.n ORDER BY t.n DESC, t.tag) AS tag_counts ")
          .append("FROM (SELECT u.tag, sum(u.n)::bigint AS n FROM (SELECT unnest(g.tags) AS tag, g.n FROM g) u GROUP BY u.tag) t)")
          .append(", cf AS (SELECT array_agg(x.id ORDER BY x.n DESC, x.id::text) AS category_ids, ")
          .append("array_agg(x.name ORDER BY x.n DESC, x.id::text) AS category_names, ")
          .append("array_agg(x.n ORDER BY x.n DESC, x.id::text) AS category_counts ")
          // a candidate's category_ids has no repeats: a count of rows is a count of products (NULL: no category, skipped
          // before the unnest, which costs more per row)
          .append("FROM (SELECT u.id, cat.name, u.n FROM (SELECT v.id, sum(v.n)::bigint AS n FROM ")
          .append("(SELECT unnest(g.category_ids) AS id, g.n FROM g WHERE g.category_ids IS NOT NULL) v GROUP BY v.id) u ")
          .append("JOIN categories cat ON cat.tenant_id = $1 AND cat.id = u.id) x)");
    }
    // a relevance page's price key is the product's own lowest price (the side table's copy of it, written in the same
    // transaction): the candidates do not carry it through their materialization and sort
    sql.append(" SELECT ").append(COLUMNS).append(", pg.rank, ").append(relevance ? "p.min_price AS sort_price" : "pg.sort_price");
    if (withFacets) {
      sql.append(", f.counted, f.tag_values, f.tag_counts, f.category_ids, f.category_names, f.category_counts");
    }
    sql.append(" FROM (SELECT page.*, row_number() OVER (ORDER BY ").append(order).append(") AS ord FROM page) pg ")
        .append("JOIN products p ON p.tenant_id = $1 AND p.id = pg.id");
    if (withFacets) {
      sql.append(" LEFT JOIN (SELECT (SELECT coalesce(sum(g.n), 0)::bigint FROM g) AS counted, tf.*, cf.* FROM tf, cf) f ")
          .append("ON pg.ord = 1");
    }
    sql.append(" ORDER BY pg.ord");
    return new Statement(sql.toString(), Tuple.from(s.params));
  }

  /** The statements one first-page search runs (for EXPLAIN): one, facets and typo fallback included. */
  static List<Statement> statements(UUID tenantId, SearchRequest r, boolean withFacets) {
    return List.of(page(tenantId, r, withFacets));
  }
}
