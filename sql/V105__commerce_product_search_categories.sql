-- Search side table (V047): each product's category ids with every ancestor of each (the union of its categories'
-- paths, sorted, no repeats; NULL when the product has no category, which costs a search nothing to carry), so a
-- category filter is one array test and the category facet one unnest per candidate, instead of joining the
-- product's category links, their categories and their ancestors for every candidate of every search.
--
-- Kept in the same transaction as the change: by statement-level triggers on product_categories (a product's links
-- added or removed) and on categories (a move rewrites the paths of the moved subtree: its products' ancestors change).
-- A product's side row is written before its links (they reference the product), so the links' trigger finds it.
ALTER TABLE product_search ADD COLUMN category_ids uuid[];
CREATE INDEX product_search_categories_idx ON product_search USING gin (category_ids);

-- Recomputes the column for the given (tenant, product) pairs; their side rows are locked in key order first, so
-- concurrent writers (a bulk link change and a category move) cannot deadlock on them.
CREATE FUNCTION product_search_recategorize(p_tenants uuid[], p_products uuid[]) RETURNS void
  LANGUAGE plpgsql
AS $$
BEGIN
  IF coalesce(cardinality(p_products), 0) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM product_search ps
  WHERE (ps.tenant_id, ps.product_id) IN (SELECT t, p FROM unnest(p_tenants, p_products) AS u(t, p))
  ORDER BY ps.tenant_id, ps.product_id
  FOR UPDATE;
  UPDATE product_search ps
  SET category_ids = k.category_ids
  FROM (SELECT x.t, x.p,
               (SELECT array_agg(DISTINCT a.id ORDER BY a.id)
                FROM product_categories pc
                JOIN categories c ON c.tenant_id = pc.tenant_id AND c.id = pc.category_id
                CROSS JOIN LATERAL unnest(c.path) AS a(id)
                WHERE pc.tenant_id = x.t AND pc.product_id = x.p) AS category_ids
        FROM (SELECT DISTINCT u.t, u.p FROM unnest(p_tenants, p_products) AS u(t, p)) x) k
  WHERE ps.tenant_id = k.t AND ps.product_id = k.p
    AND ps.category_ids IS DISTINCT FROM k.category_ids;
END
$$;

-- Links added (NEW TABLE) or removed (OLD TABLE), both named "links".
CREATE FUNCTION product_search_links_changed() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM product_search_recategorize(array_agg(l.tenant_id), array_agg(l.product_id)) FROM links l;
  RETURN NULL;
END
$$;
CREATE TRIGGER product_search_links_on_insert AFTER INSERT ON product_categories
  REFERENCING NEW TABLE AS links FOR EACH STATEMENT EXECUTE FUNCTION product_search_links_changed();
CREATE TRIGGER product_search_links_on_delete AFTER DELETE ON product_categories
  REFERENCING OLD TABLE AS links FOR EACH STATEMENT EXECUTE FUNCTION product_search_links_changed();

-- A link rewritten in place (the product or category of a row changed): both sides' products.
CREATE FUNCTION product_search_links_updated() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM product_search_recategorize(array_agg(l.tenant_id), array_agg(l.product_id))
  FROM (SELECT tenant_id, product_id FROM old_links UNION SELECT tenant_id, product_id FROM new_links) l;
  RETURN NULL;
END
$$;
CREATE TRIGGER product_search_links_on_update AFTER UPDATE ON product_categories
  REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION product_search_links_updated();

-- A category whose path changed (a move): every product linked to it.
CREATE FUNCTION product_search_categories_moved() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM product_search_recategorize(array_agg(pc.tenant_id), array_agg(pc.product_id))
  FROM new_categories n
  JOIN old_categories o ON o.tenant_id = n.tenant_id AND o.id = n.id
  JOIN product_categories pc ON pc.tenant_id = n.tenant_id AND pc.category_id = n.id
  WHERE o.path IS DISTINCT FROM n.path;
  RETURN NULL;
END
$$;
CREATE TRIGGER product_search_categories_on_update AFTER UPDATE ON categories
  REFERENCING OLD TABLE AS old_categories NEW TABLE AS new_categories
  FOR EACH STATEMENT EXECUTE FUNCTION product_search_categories_moved();

-- Backfill (as V047's: the migration role).
UPDATE product_search ps
SET category_ids = k.category_ids
FROM (SELECT pc.tenant_id, pc.product_id, array_agg(DISTINCT a.id ORDER BY a.id) AS category_ids
      FROM product_categories pc
      JOIN categories c ON c.tenant_id = pc.tenant_id AND c.id = pc.category_id
      CROSS JOIN LATERAL unnest(c.path) AS a(id)
      GROUP BY pc.tenant_id, pc.product_id) k
WHERE ps.tenant_id = k.tenant_id AND ps.product_id = k.product_id;
