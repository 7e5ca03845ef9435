-- Shipping: zones (areas: 'DE', or 'US-CA' for a country's region) with methods; a method prices by a flat
-- amount, by weight (grams) or by order value (minor units) through its rate brackets (the bracket with the
-- largest min_value not above the measure applies), and may be free from an order value on.
CREATE TABLE shipping_zones (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL,
  name        text NOT NULL,
  areas       text[] NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
SELECT olympus_enable_tenant_rls('shipping_zones');

CREATE TABLE shipping_methods (
  tenant_id         uuid NOT NULL,
  id                uuid NOT NULL,
  zone_id           uuid NOT NULL,
  name              text NOT NULL,
  carrier           text,
  basis             text NOT NULL CHECK (basis IN ('flat', 'weight', 'order_value')),
  currency          char(3) NOT NULL,
  free_over_amount  bigint CHECK (free_over_amount >= 0),
  active            boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, zone_id) REFERENCES shipping_zones (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX shipping_methods_zone_idx ON shipping_methods (tenant_id, zone_id);
SELECT olympus_enable_tenant_rls('shipping_methods');

CREATE TABLE shipping_rates (
  tenant_id   uuid NOT NULL,
  method_id   uuid NOT NULL,
  min_value   bigint NOT NULL CHECK (min_value >= 0),
  amount      bigint NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (tenant_id, method_id, min_value),
  FOREIGN KEY (tenant_id, method_id) REFERENCES shipping_methods (tenant_id, id) ON DELETE CASCADE
);
SELECT olympus_enable_tenant_rls('shipping_rates');
