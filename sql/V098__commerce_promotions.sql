-- Promotions: percentage or fixed amount off (per currency) on the order or on lines, buy X get Y, free shipping;
-- conditions (window, minimum subtotal per currency, customer groups, first order only), stacking (exclusive or
-- combinable, by priority), a cap per currency, and usage limits (total, per customer) counted when an order is
-- placed. Money maps are {"EUR": 500} of integer minor units. usage_count (promotions and codes) is the counter that
-- enforces usage_limit: it is kept only while there is a limit (a conditional UPDATE, so unlimited promotions and
-- codes take no row lock at checkout) and recomputed from the redemptions whenever a promotion is changed.
CREATE TABLE promotions (
  tenant_id                 uuid NOT NULL,
  id                        uuid NOT NULL,
  name                      text NOT NULL,
  description               text,
  type                      text NOT NULL CHECK (type IN ('percentage', 'fixed_amount', 'buy_x_get_y', 'free_shipping')),
  target                    text NOT NULL DEFAULT 'order' CHECK (target IN ('order', 'lines')),
  percent_off_bp            integer CHECK (percent_off_bp BETWEEN 1 AND 10000),
  amounts_off               jsonb NOT NULL DEFAULT '{}',
  product_ids               uuid[] NOT NULL DEFAULT '{}',
  variant_ids               uuid[] NOT NULL DEFAULT '{}',
  category_ids              uuid[] NOT NULL DEFAULT '{}',
  buy_quantity              integer CHECK (buy_quantity > 0),
  get_quantity              integer CHECK (get_quantity > 0),
  get_percent_off_bp        integer CHECK (get_percent_off_bp BETWEEN 1 AND 10000),
  starts_at                 timestamptz,
  ends_at                   timestamptz,
  minimum_subtotals         jsonb NOT NULL DEFAULT '{}',
  customer_groups           text[] NOT NULL DEFAULT '{}',
  first_order_only          boolean NOT NULL DEFAULT false,
  stacking                  text NOT NULL DEFAULT 'combinable' CHECK (stacking IN ('exclusive', 'combinable')),
  priority                  integer NOT NULL DEFAULT 100,
  max_discounts             jsonb NOT NULL DEFAULT '{}',
  automatic                 boolean NOT NULL DEFAULT false,
  active                    boolean NOT NULL DEFAULT true,
  usage_limit               integer CHECK (usage_limit > 0),
  usage_limit_per_customer  integer CHECK (usage_limit_per_customer > 0),
  usage_count               integer NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
  version                   integer NOT NULL DEFAULT 1,
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  deleted_at                timestamptz,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT promotions_usage_within_limit CHECK (usage_limit IS NULL OR usage_count <= usage_limit),
  CONSTRAINT promotions_window CHECK (starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at)
);
CREATE INDEX promotions_automatic_idx ON promotions (tenant_id, priority, id)
  WHERE automatic AND active AND deleted_at IS NULL;
CREATE INDEX promotions_list_idx ON promotions (tenant_id, id) WHERE deleted_at IS NULL;
SELECT olympus_enable_tenant_rls('promotions');

-- Codes are stored upper-cased: unique per tenant whatever the case they are typed in.
CREATE TABLE promotion_codes (
  tenant_id     uuid NOT NULL,
  id            uuid NOT NULL,
  promotion_id  uuid NOT NULL,
  code          text NOT NULL CHECK (code = upper(code)),
  usage_limit   integer CHECK (usage_limit > 0),
  usage_count   integer NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT promotion_codes_code_key UNIQUE (tenant_id, code),
  CONSTRAINT promotion_codes_usage_within_limit CHECK (usage_limit IS NULL OR usage_count <= usage_limit),
  FOREIGN KEY (tenant_id, promotion_id) REFERENCES promotions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX promotion_codes_promotion_idx ON promotion_codes (tenant_id, promotion_id, id);
SELECT olympus_enable_tenant_rls('promotion_codes');

-- The codes a shopper applied to an open cart (priced whenever the cart is read, counted at checkout).
CREATE TABLE cart_promotion_codes (
  tenant_id  uuid NOT NULL,
  cart_id    uuid NOT NULL,
  code_id    uuid NOT NULL,
  added_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, cart_id, code_id),
  FOREIGN KEY (tenant_id, cart_id) REFERENCES carts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, code_id) REFERENCES promotion_codes (tenant_id, id) ON DELETE CASCADE
);
SELECT olympus_enable_tenant_rls('cart_promotion_codes');

-- One row per order and promotion it used, written in the order's transaction; released (not deleted) when the
-- order is cancelled, which gives the use back to the promotion's and the code's counters.
CREATE TABLE promotion_redemptions (
  tenant_id     uuid NOT NULL,
  id            uuid NOT NULL,
  promotion_id  uuid NOT NULL,
  code_id       uuid,
  code          text,
  order_id      uuid NOT NULL,
  customer_id   uuid,
  currency      char(3) NOT NULL,
  amount        bigint NOT NULL CHECK (amount >= 0),
  redeemed_at   timestamptz NOT NULL DEFAULT now(),
  released_at   timestamptz,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT promotion_redemptions_once_per_order UNIQUE (tenant_id, order_id, promotion_id),
  FOREIGN KEY (tenant_id, promotion_id) REFERENCES promotions (tenant_id, id)
);
CREATE INDEX promotion_redemptions_customer_idx ON promotion_redemptions (tenant_id, promotion_id, customer_id)
  WHERE released_at IS NULL;
SELECT olympus_enable_tenant_rls('promotion_redemptions');

-- The discounts an order was priced with (promotion, code, amount per line and on shipping), as fixed at pricing.
ALTER TABLE orders ADD COLUMN discounts jsonb NOT NULL DEFAULT '[]';

-- Cancelling an order releases its redemptions in the cancelling transaction, whichever code path cancels it.
CREATE FUNCTION olympus_release_promotion_redemptions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH released AS (
    UPDATE promotion_redemptions SET released_at = now()
    WHERE tenant_id = NEW.tenant_id AND order_id = NEW.id AND released_at IS NULL
    RETURNING promotion_id, code_id
  ), promotions_released AS (
    UPDATE promotions p SET usage_count = greatest(p.usage_count - n.uses, 0)
    FROM (SELECT promotion_id, count(*) AS uses FROM released GROUP BY promotion_id) n
    WHERE p.tenant_id = NEW.tenant_id AND p.id = n.promotion_id
    RETURNING p.id
  )
  UPDATE promotion_codes c SET usage_count = greatest(c.usage_count - n.uses, 0)
  FROM (SELECT code_id, count(*) AS uses FROM released WHERE code_id IS NOT NULL GROUP BY code_id) n
  WHERE c.tenant_id = NEW.tenant_id AND c.id = n.code_id;
  RETURN NEW;
END
$$;

CREATE TRIGGER orders_release_promotion_redemptions
  AFTER UPDATE OF status ON orders
  FOR EACH ROW WHEN (NEW.status = 'cancelled' AND OLD.status IS DISTINCT FROM 'cancelled')
  EXECUTE FUNCTION olympus_release_promotion_redemptions();

-- Permissions of the promotions slice: staff and viewers read promotions, managers (and above) change them.
INSERT INTO permissions (code, description) VALUES
  ('promotions:read', 'Read promotions and their codes'),
  ('promotions:write', 'Create, change and delete promotions; generate codes')
ON CONFLICT (code) DO NOTHING;

INSERT INTO role_permissions (role_id, tenant_id, permission)
SELECT r.id, NULL, p.permission
FROM roles r
JOIN (VALUES
  ('staff', 'promotions:read'), ('viewer', 'promotions:read'), ('manager', 'promotions:write')
) AS p(role_key, permission) ON p.role_key = r.key AND r.tenant_id IS NULL
ON CONFLICT DO NOTHING;
