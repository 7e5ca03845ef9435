-- Price lists scoped to a location and/or a customer group (NULL = any), with per-variant entries
-- carrying a quantity tier and an optional sale window. The variant's own price is the base price.
CREATE TABLE price_lists (
  tenant_id       uuid NOT NULL,
  id              uuid NOT NULL,
  name            text NOT NULL,
  currency        char(3) NOT NULL,
  location_id     uuid,
  customer_group  text,
  active          boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
SELECT olympus_enable_tenant_rls('price_lists');

CREATE TABLE price_list_entries (
  tenant_id      uuid NOT NULL,
  id             uuid NOT NULL,
  price_list_id  uuid NOT NULL,
  variant_id     uuid NOT NULL,
  min_quantity   integer NOT NULL DEFAULT 1 CHECK (min_quantity >= 1),
  amount         bigint NOT NULL CHECK (amount >= 0),
  starts_at      timestamptz,
  ends_at        timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, price_list_id) REFERENCES price_lists (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, variant_id) REFERENCES product_variants (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT price_list_entries_window CHECK (starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at)
);
CREATE INDEX price_list_entries_variant_idx ON price_list_entries (tenant_id, variant_id);
SELECT olympus_enable_tenant_rls('price_list_entries');
