-- Orders with three statuses, their lines (prices, discounts and tax fixed when priced), a per-tenant
-- human-readable number, the stock reservation that holds their unfulfilled quantities, an append-only
-- history, and fulfilments.
CREATE TABLE order_counters (
  tenant_id    uuid PRIMARY KEY,
  last_number  bigint NOT NULL
);
SELECT olympus_enable_tenant_rls('order_counters');

CREATE TABLE orders (
  tenant_id              uuid NOT NULL,
  id                     uuid NOT NULL,
  number                 bigint NOT NULL,
  source                 text NOT NULL CHECK (source IN ('checkout', 'api', 'pos')),
  status                 text NOT NULL CHECK (status IN ('draft', 'open', 'completed', 'cancelled')),
  payment_status         text NOT NULL CHECK (payment_status IN ('unpaid', 'authorized', 'partially_paid', 'paid',
                                                                  'partially_refunded', 'refunded', 'voided')),
  fulfillment_status     text NOT NULL CHECK (fulfillment_status IN ('unfulfilled', 'partially_fulfilled', 'fulfilled')),
  customer_id            uuid,
  cart_id                uuid,
  email                  text,
  currency               char(3) NOT NULL,
  location_id            uuid,
  reservation_id         uuid,
  customer_group         text,
  tax_exempt             boolean NOT NULL DEFAULT false,
  prices_include_tax     boolean NOT NULL DEFAULT false,
  shipping_address       jsonb,
  billing_address        jsonb,
  shipping_method_id     uuid,
  shipping_method_name   text,
  shipping_amount        bigint NOT NULL DEFAULT 0,
  shipping_tax_amount    bigint NOT NULL DEFAULT 0,
  shipping_tax_lines     jsonb NOT NULL DEFAULT '[]',
  subtotal_amount        bigint NOT NULL,
  discount_amount        bigint NOT NULL DEFAULT 0,
  tax_amount             bigint NOT NULL DEFAULT 0,
  total_amount           bigint NOT NULL,
  paid_amount            bigint NOT NULL DEFAULT 0,
  refund_owed_amount     bigint NOT NULL DEFAULT 0,
  note                   text,
  cancel_reason          text,
  version                integer NOT NULL DEFAULT 1,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  cancelled_at           timestamptz,
  completed_at           timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  CONSTRAINT orders_number_key UNIQUE (tenant_id, number)
);
CREATE INDEX orders_status_idx ON orders (tenant_id, status, id);
CREATE INDEX orders_customer_idx ON orders (tenant_id, customer_id, id) WHERE customer_id IS NOT NULL;
CREATE INDEX orders_location_idx ON orders (tenant_id, location_id, id);
CREATE INDEX orders_created_idx ON orders (tenant_id, created_at, id);
SELECT olympus_enable_tenant_rls('orders');

CREATE TABLE order_lines (
  tenant_id            uuid NOT NULL,
  order_id             uuid NOT NULL,
  id                   uuid NOT NULL,
  position             integer NOT NULL,
  variant_id           uuid NOT NULL,
  product_id           uuid NOT NULL,
  sku                  text NOT NULL,
  title                text NOT NULL,
  location_id          uuid,
  quantity             integer NOT NULL CHECK (quantity > 0),
  fulfilled_quantity   integer NOT NULL DEFAULT 0 CHECK (fulfilled_quantity >= 0),
  cancelled_quantity   integer NOT NULL DEFAULT 0 CHECK (cancelled_quantity >= 0),
  weight_grams         integer,
  tax_category         text NOT NULL,
  unit_amount          bigint NOT NULL,
  tax_included         boolean NOT NULL DEFAULT false,
  subtotal_amount      bigint NOT NULL,
  discount_amount      bigint NOT NULL DEFAULT 0,
  tax_amount           bigint NOT NULL DEFAULT 0,
  total_amount         bigint NOT NULL,
  price_rule           jsonb NOT NULL DEFAULT '{}',
  tax_lines            jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE,
  CONSTRAINT order_lines_quantities CHECK (fulfilled_quantity + cancelled_quantity <= quantity)
);
CREATE INDEX order_lines_order_idx ON order_lines (tenant_id, order_id, position);
SELECT olympus_enable_tenant_rls('order_lines');

-- Every change of an order, in order; the runtime role may only insert and read it.
CREATE TABLE order_history (
  tenant_id    uuid NOT NULL,
  id           uuid NOT NULL,
  order_id     uuid NOT NULL,
  kind         text NOT NULL,
  changes      jsonb NOT NULL DEFAULT '{}',
  actor_type   text,
  actor_id     text,
  occurred_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX order_history_order_idx ON order_history (tenant_id, order_id, id);
SELECT olympus_enable_tenant_rls('order_history');
CREATE TRIGGER order_history_append_only
  BEFORE UPDATE OR DELETE ON order_history
  FOR EACH ROW EXECUTE FUNCTION olympus_append_only();

CREATE TABLE fulfillments (
  tenant_id        uuid NOT NULL,
  id               uuid NOT NULL,
  order_id         uuid NOT NULL,
  location_id      uuid NOT NULL,
  carrier          text,
  tracking_number  text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX fulfillments_order_idx ON fulfillments (tenant_id, order_id, id);
SELECT olympus_enable_tenant_rls('fulfillments');

CREATE TABLE fulfillment_lines (
  tenant_id       uuid NOT NULL,
  fulfillment_id  uuid NOT NULL,
  order_line_id   uuid NOT NULL,
  quantity        integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (tenant_id, fulfillment_id, order_line_id),
  FOREIGN KEY (tenant_id, fulfillment_id) REFERENCES fulfillments (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, order_line_id) REFERENCES order_lines (tenant_id, id) ON DELETE CASCADE
);
SELECT olympus_enable_tenant_rls('fulfillment_lines');
