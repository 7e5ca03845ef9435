-- Carts: for a customer or anonymous (identified by a cart token, stored as its SHA-256), in one currency.
-- Lines hold a variant and a quantity only: prices are resolved from pricing whenever the cart is read.
CREATE TABLE carts (
  tenant_id           uuid NOT NULL,
  id                  uuid NOT NULL,
  customer_id         uuid,
  token_hash          text,
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'checked_out')),
  currency            char(3) NOT NULL,
  location_id         uuid,
  email               text,
  shipping_address    jsonb,
  billing_address     jsonb,
  shipping_method_id  uuid,
  order_id            uuid,
  version             integer NOT NULL DEFAULT 1,
  expires_at          timestamptz NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX carts_customer_idx ON carts (tenant_id, customer_id, id) WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX carts_token_key ON carts (tenant_id, token_hash) WHERE token_hash IS NOT NULL;
SELECT olympus_enable_tenant_rls('carts');

CREATE TABLE cart_lines (
  tenant_id   uuid NOT NULL,
  cart_id     uuid NOT NULL,
  variant_id  uuid NOT NULL,
  quantity    integer NOT NULL CHECK (quantity > 0),
  added_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, cart_id, variant_id),
  FOREIGN KEY (tenant_id, cart_id) REFERENCES carts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, variant_id) REFERENCES product_variants (tenant_id, id) ON DELETE CASCADE
);
SELECT olympus_enable_tenant_rls('cart_lines');
