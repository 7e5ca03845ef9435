-- Search side table: one narrow row per product with only what a search filters, ranks and sorts on
-- (status, lowest price, tags, the weighted tsvector), about half the width of a products row, so a
-- search visits half the heap pages and never carries descriptions, images or attributes through its
-- sort. Kept by statement-level triggers on products in the same transaction as the product change
-- (the tsvector itself is still computed by products_search_refresh, V030); a deleted product's row
-- goes with it (foreign key, cascade). Searches join products back for the page's rows only.
CREATE TABLE product_search (
  tenant_id   uuid NOT NULL,
  product_id  uuid NOT NULL,
  status      text NOT NULL,
  min_price   bigint NOT NULL,
  tags        text[] NOT NULL,
  search      tsvector NOT NULL,
  PRIMARY KEY (tenant_id, product_id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX product_search_search_idx ON product_search USING gin (search);
CREATE INDEX product_search_tags_idx ON product_search USING gin (tags);
CREATE INDEX product_search_price_idx ON product_search (tenant_id, min_price, product_id);
SELECT olympus_enable_tenant_rls('product_search');

-- Statement-level (a bulk insert or the bench's 10,000-row seeding statements write the side rows in one
-- statement, sorted by key so concurrent writers lock in the same order). An update that changes none of
-- the copied columns (say, images or attributes only) leaves the side row alone.
CREATE FUNCTION product_search_sync() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO product_search AS ps (tenant_id, product_id, status, min_price, tags, search)
  SELECT n.tenant_id, n.id, n.status, n.min_price, n.tags, coalesce(n.search, ''::tsvector)
  FROM new_rows n
  ORDER BY 1, 2
  ON CONFLICT (tenant_id, product_id) DO UPDATE
    SET status = EXCLUDED.status, min_price = EXCLUDED.min_price, tags = EXCLUDED.tags, search = EXCLUDED.search
    WHERE (ps.status, ps.min_price, ps.tags, ps.search)
      IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.min_price, EXCLUDED.tags, EXCLUDED.search);
  RETURN NULL;
END
$$;
CREATE TRIGGER product_search_on_insert AFTER INSERT ON products
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_search_sync();
CREATE TRIGGER product_search_on_update AFTER UPDATE ON products
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_search_sync();

INSERT INTO product_search (tenant_id, product_id, status, min_price, tags, search)
SELECT p.tenant_id, p.id, p.status, p.min_price, p.tags, coalesce(p.search, ''::tsvector)
FROM products p;
