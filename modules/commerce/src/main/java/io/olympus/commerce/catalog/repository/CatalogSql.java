package io.olympus.commerce.catalog.repository;

/** SQL of the catalog; read only by the catalog repositories. */
final class CatalogSql {

  static final String PRODUCT_COLUMNS = "id, status, title, description, attributes, images, tags, options, "
      + "min_price, currency, version, created_at, updated_at";

  static final String INSERT_PRODUCT = "INSERT INTO products "
      + "(tenant_id, id, status, title, description, attributes, images, tags, options, archived_at) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $3 = 'archived' THEN now() END)";

  /** Optimistic update: matches only the caller's version; absent (null) fields keep their value. */
  /** $3 = 0 is {@code Versions.ANY_VERSION} ({@code If-Match: *}): whatever version is stored. */
  static final String UPDATE_PRODUCT = "UPDATE products SET "
      + "status = coalesce($4, status), title = coalesce($5, title), description = coalesce($6, description), "
      + "attributes = coalesce($7, attributes), images = coalesce($8, images), tags = coalesce($9, tags), "
      + "options = coalesce($10, options), "
      + "archived_at = CASE WHEN coalesce($4, status) = 'archived' THEN coalesce(archived_at, now()) END, "
      + "version = version + 1, updated_at = now() "
      + "WHERE tenant_id = $1 AND id = $2 AND ($3 = 0 OR version = $3) RETURNING id";

  /** Products that count against the plan: every one not archived. */
  static final String COUNT_PRODUCTS = "SELECT count(*) AS products FROM products WHERE tenant_id = $1 AND status <> 'archived'";

  static final String PRODUCT_VERSION = "SELECT version FROM products WHERE tenant_id = $1 AND id = $2";

  /** Keeps the search and sort columns derived from the variants. */
  static final String REFRESH_DERIVED = "UPDATE products p SET "
      + "skus = coalesce((SELECT string_agg(v.sku || ' ' || coalesce(v.barcode, ''), ' ' ORDER BY v.position) "
      + "  FROM product_variants v WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id), ''), "
      + "min_price = coalesce((SELECT min(v.price_amount) FROM product_variants v WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id), 0), "
      + "currency = (SELECT min(v.currency) FROM product_variants v WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id) "
      + "WHERE p.tenant_id = $1 AND p.id = $2 RETURNING " + PRODUCT_COLUMNS;

  static final String PRODUCT_BY_ID = "SELECT " + PRODUCT_COLUMNS + " FROM products WHERE tenant_id = $1 AND id = $2";

  /**
   * The product with its variants (a JSON array in position order) and category ids in one statement: the function
   * sets the tenant for its own statement and reads under row-level security (V080). Sent outside any transaction.
   */
  static final String PRODUCT_READ = "SELECT " + PRODUCT_COLUMNS + ", variants, category_ids "
      + "FROM commerce_product_read($1, $2)";

  static final String VARIANT_COLUMNS = "id, product_id, sku, barcode, options, weight_grams, price_amount, currency, position, "
      + "tax_category";

  /**
   * Inserts or (same product only) updates a variant by SKU; no row back means another product owns the SKU. A NULL
   * tax category ($11) keeps the stored one (a new variant: none, i.e. standard).
   */
  static final String UPSERT_VARIANT = "INSERT INTO product_variants "
      + "(tenant_id, id, product_id, sku, barcode, options, weight_grams, price_amount, currency, position, tax_category) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
      + "ON CONFLICT (tenant_id, sku) DO UPDATE SET barcode = EXCLUDED.barcode, options = EXCLUDED.options, "
      + "weight_grams = EXCLUDED.weight_grams, price_amount = EXCLUDED.price_amount, currency = EXCLUDED.currency, "
      + "position = EXCLUDED.position, "
      + "tax_category = coalesce(EXCLUDED.tax_category, product_variants.tax_category), updated_at = now() "
      + "WHERE product_variants.product_id = EXCLUDED.product_id RETURNING id";

  static final String DELETE_OTHER_VARIANTS = "DELETE FROM product_variants "
      + "WHERE tenant_id = $1 AND product_id = $2 AND NOT (sku = ANY($3::text[]))";

  static final String VARIANTS_OF = "SELECT " + VARIANT_COLUMNS + " FROM product_variants "
      + "WHERE tenant_id = $1 AND product_id = $2 ORDER BY position";

  static final String VARIANT_BY_ID = "SELECT " + VARIANT_COLUMNS + " FROM product_variants WHERE tenant_id = $1 AND id = $2";

  static final String DELETE_PRODUCT_CATEGORIES = "DELETE FROM product_categories WHERE tenant_id = $1 AND product_id = $2";

  static final String INSERT_PRODUCT_CATEGORY = "INSERT INTO product_categories (tenant_id, product_id, category_id) "
      + "VALUES ($1, $2, $3)";

  static final String CATEGORIES_OF = "SELECT category_id FROM product_categories "
      + "WHERE tenant_id = $1 AND product_id = $2 ORDER BY category_id";

  static final String CATEGORY_COLUMNS = "id, parent_id, name, slug, path, version, created_at, updated_at";

  static final String INSERT_CATEGORY = "INSERT INTO categories (tenant_id, id, parent_id, name, slug, path) "
      + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + CATEGORY_COLUMNS;

  static final String CATEGORY_BY_ID = "SELECT " + CATEGORY_COLUMNS + " FROM categories WHERE tenant_id = $1 AND id = $2";

  static final String CATEGORY_TREE = "SELECT " + CATEGORY_COLUMNS + " FROM categories WHERE tenant_id = $1 "
      + "ORDER BY array_length(path, 1), name, id";

  /** Tree moves of one tenant run one at a time, so two concurrent moves cannot build a cycle together. */
  static final String LOCK_TREE = "SELECT pg_advisory_xact_lock(hashtextextended('categories:' || $1::uuid::text, 0))";

  /** Re-roots the moved subtree: every path keeps its part from the moved node down, behind the new parent's path. */
  static final String MOVE_SUBTREE = "UPDATE categories SET path = $3::uuid[] || path[array_position(path, $2::uuid):] "
      + "WHERE tenant_id = $1 AND path @> ARRAY[$2::uuid]";

  static final String SET_PARENT = "UPDATE categories SET parent_id = $3, version = version + 1, updated_at = now() "
      + "WHERE tenant_id = $1 AND id = $2 RETURNING " + CATEGORY_COLUMNS;

  private CatalogSql() {}
}
