-- Commerce catalog: categories (a tree), products, variants, product-category links.
-- Trigram matching for typo-tolerant search (the embedded PostgreSQL 16 binaries ship pg_trgm; the
-- owner role that runs migrations creates it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- pg_trgm declares its similarity operators as cheap as an integer comparison (cost 1), so the planner
-- prefers filtering every row with them over the trigram index; they cost ~10 µs a row. Say so.
--
-- Row-level security evaluates a query's own conditions only after the policy, unless their operators
-- are LEAKPROOF, and an index scan evaluates its condition first: so under RLS the GIN indexes below are
-- usable only when the search operators are marked LEAKPROOF. They are (they raise no data-dependent
-- errors), but only a superuser may say so. Without the privilege search still works, by filtering rows.
DO $$
BEGIN
  BEGIN
    ALTER FUNCTION word_similarity_op(text, text) COST 100;
    ALTER FUNCTION word_similarity_commutator_op(text, text) COST 100;
  EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_trgm is owned by another role: trigram operator costs left at their defaults';
  END;
  BEGIN
    ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF;
    ALTER FUNCTION word_similarity_op(text, text) LEAKPROOF;
    ALTER FUNCTION word_similarity_commutator_op(text, text) LEAKPROOF;
    ALTER FUNCTION arraycontains(anyarray, anyarray) LEAKPROOF;
  EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'not a superuser: search operators stay non-LEAKPROOF and their GIN indexes go unused under RLS';
  END;
END
$$;

-- A category tree per tenant. path holds the ids from the root down to the row itself, so a subtree
-- is "path @> ARRAY[id]" (GIN) and a move rewrites the paths of the moved subtree.
CREATE TABLE categories (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL,
  parent_id   uuid,
  name        text NOT NULL,
  slug        text NOT NULL,
  path        uuid[] NOT NULL,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES categories (tenant_id, id),
  CONSTRAINT categories_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
);
CREATE UNIQUE INDEX categories_slug_key ON categories (tenant_id, slug);
CREATE INDEX categories_path_idx ON categories USING gin (path);
SELECT olympus_enable_tenant_rls('categories');

CREATE TABLE products (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL,
  status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
  title        text NOT NULL,
  description  text NOT NULL DEFAULT '',
  attributes   jsonb NOT NULL DEFAULT '{}',
  images       jsonb NOT NULL DEFAULT '[]',
  tags         text[] NOT NULL DEFAULT '{}',
  options      jsonb NOT NULL DEFAULT '[]',
  -- kept by the catalog service in the same transaction as the variants: search and price sort
  skus         text NOT NULL DEFAULT '',
  min_price    bigint NOT NULL DEFAULT 0,
  currency     char(3),
  -- kept by the trigger below
  search       tsvector,
  search_text  text NOT NULL DEFAULT '',
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  archived_at  timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX products_search_idx ON products USING gin (search);
CREATE INDEX products_search_trgm_idx ON products USING gin (search_text gin_trgm_ops);
CREATE INDEX products_tags_idx ON products USING gin (tags);
CREATE INDEX products_newest_idx ON products (tenant_id, id DESC);
CREATE INDEX products_price_idx ON products (tenant_id, min_price, id);
SELECT olympus_enable_tenant_rls('products');

-- Title and SKUs weigh most, then tags, then the description. 'simple' keeps SKUs and tags verbatim;
-- 'english' stems title and description words.
CREATE FUNCTION products_search_refresh() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  NEW.search :=
      setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
   || setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A')
   || setweight(to_tsvector('simple', coalesce(NEW.skus, '')), 'A')
   || setweight(to_tsvector('simple', array_to_string(NEW.tags, ' ')), 'B')
   || setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
  NEW.search_text := lower(coalesce(NEW.title, '') || ' ' || array_to_string(NEW.tags, ' ') || ' ' || coalesce(NEW.skus, ''));
  RETURN NEW;
END
$$;
CREATE TRIGGER products_search_refresh BEFORE INSERT OR UPDATE OF title, description, tags, skus ON products
  FOR EACH ROW EXECUTE FUNCTION products_search_refresh();

CREATE TABLE product_variants (
  tenant_id     uuid NOT NULL,
  id            uuid NOT NULL,
  product_id    uuid NOT NULL,
  sku           text NOT NULL,
  barcode       text,
  options       jsonb NOT NULL DEFAULT '{}',
  weight_grams  integer CHECK (weight_grams >= 0),
  price_amount  bigint NOT NULL CHECK (price_amount >= 0),
  currency      char(3) NOT NULL,
  position      integer NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX product_variants_sku_key ON product_variants (tenant_id, sku);
CREATE INDEX product_variants_product_idx ON product_variants (tenant_id, product_id, position);
SELECT olympus_enable_tenant_rls('product_variants');

CREATE TABLE product_categories (
  tenant_id    uuid NOT NULL,
  product_id   uuid NOT NULL,
  category_id  uuid NOT NULL,
  PRIMARY KEY (tenant_id, product_id, category_id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id)
);
CREATE INDEX product_categories_category_idx ON product_categories (tenant_id, category_id, product_id);
SELECT olympus_enable_tenant_rls('product_categories');
