-- Sales analytics: a read model kept by the commerce analytics consumer from the order and payment events.
--
-- Two layers per measure. The contribution tables (analytics_order_*) hold what each order currently adds to the
-- aggregates: one row per (order, day, currency, location[, variant | customer]). The aggregate tables
-- (analytics_daily_*, analytics_customer_totals) hold their sums. Applying an order removes its old contribution
-- from the aggregates and adds the new one in one statement per measure, under a per-order transaction lock, so an
-- event delivered twice, late or out of order changes nothing it should not. The contribution tables have no unique
-- key on purpose: their old rows are deleted and the new ones inserted by the same statement (one snapshot).
--
-- Days are local dates in the tenant's store.timezone setting (else UTC). "No location" is stored as the nil UUID so
-- that it can be part of the aggregates' primary keys. Money is integer minor units of the row's currency; no row
-- ever sums two currencies.

CREATE TABLE analytics_order_sales (
  tenant_id    uuid NOT NULL,
  order_id     uuid NOT NULL,
  day          date NOT NULL,
  currency     char(3) NOT NULL,
  location_id  uuid NOT NULL,
  orders       integer NOT NULL,
  gross_sales  bigint NOT NULL,
  discounts    bigint NOT NULL,
  tax          bigint NOT NULL,
  shipping     bigint NOT NULL,
  refunds      bigint NOT NULL,
  units        bigint NOT NULL
);
CREATE INDEX analytics_order_sales_order_idx ON analytics_order_sales (tenant_id, order_id);
CREATE INDEX analytics_order_sales_day_idx ON analytics_order_sales (tenant_id, day);
SELECT olympus_enable_tenant_rls('analytics_order_sales');

CREATE TABLE analytics_daily_sales (
  tenant_id    uuid NOT NULL,
  day          date NOT NULL,
  currency     char(3) NOT NULL,
  location_id  uuid NOT NULL,
  orders       bigint NOT NULL DEFAULT 0,
  gross_sales  bigint NOT NULL DEFAULT 0,
  discounts    bigint NOT NULL DEFAULT 0,
  tax          bigint NOT NULL DEFAULT 0,
  shipping     bigint NOT NULL DEFAULT 0,
  refunds      bigint NOT NULL DEFAULT 0,
  units        bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, day, currency, location_id)
);
SELECT olympus_enable_tenant_rls('analytics_daily_sales');

CREATE TABLE analytics_order_products (
  tenant_id    uuid NOT NULL,
  order_id     uuid NOT NULL,
  day          date NOT NULL,
  currency     char(3) NOT NULL,
  location_id  uuid NOT NULL,
  variant_id   uuid NOT NULL,
  product_id   uuid NOT NULL,
  units        bigint NOT NULL,
  revenue      bigint NOT NULL
);
CREATE INDEX analytics_order_products_order_idx ON analytics_order_products (tenant_id, order_id);
CREATE INDEX analytics_order_products_day_idx ON analytics_order_products (tenant_id, day);
SELECT olympus_enable_tenant_rls('analytics_order_products');

CREATE TABLE analytics_daily_products (
  tenant_id    uuid NOT NULL,
  day          date NOT NULL,
  currency     char(3) NOT NULL,
  location_id  uuid NOT NULL,
  variant_id   uuid NOT NULL,
  product_id   uuid NOT NULL,
  units        bigint NOT NULL DEFAULT 0,
  revenue      bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, day, currency, location_id, variant_id)
);
SELECT olympus_enable_tenant_rls('analytics_daily_products');

CREATE TABLE analytics_order_customers (
  tenant_id    uuid NOT NULL,
  order_id     uuid NOT NULL,
  customer_id  uuid NOT NULL,
  currency     char(3) NOT NULL,
  orders       integer NOT NULL,
  gross_sales  bigint NOT NULL,
  net_sales    bigint NOT NULL
);
CREATE INDEX analytics_order_customers_order_idx ON analytics_order_customers (tenant_id, order_id);
SELECT olympus_enable_tenant_rls('analytics_order_customers');

CREATE TABLE analytics_customer_totals (
  tenant_id    uuid NOT NULL,
  customer_id  uuid NOT NULL,
  currency     char(3) NOT NULL,
  orders       bigint NOT NULL DEFAULT 0,
  gross_sales  bigint NOT NULL DEFAULT 0,
  net_sales    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, customer_id, currency)
);
CREATE INDEX analytics_customer_totals_value_idx ON analytics_customer_totals (tenant_id, currency, net_sales DESC);
SELECT olympus_enable_tenant_rls('analytics_customer_totals');

-- Reading reports is analytics:read (seeded with the built-in roles by V022: managers and viewers); rebuilding the
-- read model is analytics:manage, for administrators (so owners).
INSERT INTO permissions (code, description) VALUES
  ('analytics:manage', 'Rebuild the analytics read model from the orders')
ON CONFLICT (code) DO NOTHING;

INSERT INTO role_permissions (role_id, tenant_id, permission)
SELECT r.id, NULL, p.permission
FROM roles r
JOIN (VALUES ('admin', 'analytics:manage')) AS p(role_key, permission) ON p.role_key = r.key AND r.tenant_id IS NULL
ON CONFLICT DO NOTHING;
