-- A product with its variants and category ids in one statement, under row-level security.
--
-- The function sets the tenant with set_config(..., true) and only then reads: its statements run in order, so
-- the policies (tenant_id = olympus_current_tenant(), evaluated when a row is read) see the tenant it set. It is
-- SECURITY INVOKER (the default): it runs as the calling runtime role, so row-level security applies as to any
-- other statement of that role. Called on its own (no BEGIN), the statement is its own transaction: the setting
-- ends with it and never reaches the next user of a pooled connection. Inside a transaction it sets the tenant for
-- the rest of that transaction, as Tenancy's set_config does. The queries still filter by tenant_id themselves.
CREATE FUNCTION commerce_product_read(p_tenant uuid, p_id uuid)
  RETURNS TABLE (id uuid, status text, title text, description text, attributes jsonb, images jsonb, tags text[],
                 options jsonb, min_price bigint, currency char(3), version integer, created_at timestamptz,
                 updated_at timestamptz, variants jsonb, category_ids uuid[])
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
AS $$
#variable_conflict use_column
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  RETURN QUERY
    SELECT p.id, p.status, p.title, p.description, p.attributes, p.images, p.tags, p.options, p.min_price,
           p.currency, p.version, p.created_at, p.updated_at,
           coalesce((SELECT jsonb_agg(jsonb_build_object(
                               'id', v.id, 'product_id', v.product_id, 'sku', v.sku, 'barcode', v.barcode,
                               'options', v.options, 'weight_grams', v.weight_grams,
                               'price_amount', v.price_amount, 'currency', v.currency, 'position', v.position,
                               'tax_category', v.tax_category)
                             ORDER BY v.position)
                     FROM product_variants v
                     WHERE v.tenant_id = p_tenant AND v.product_id = p_id), '[]'::jsonb),
           ARRAY(SELECT c.category_id FROM product_categories c
                 WHERE c.tenant_id = p_tenant AND c.product_id = p_id ORDER BY c.category_id)
    FROM products p
    WHERE p.tenant_id = p_tenant AND p.id = p_id;
END
$$;
