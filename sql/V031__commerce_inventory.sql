-- Stock per variant per location (location ids belong to the platform service: no foreign key).
-- reserved <= on_hand always holds, so available = on_hand - reserved is never negative.
CREATE TABLE inventory_levels (
  tenant_id            uuid NOT NULL,
  variant_id           uuid NOT NULL,
  location_id          uuid NOT NULL,
  on_hand              integer NOT NULL DEFAULT 0,
  reserved             integer NOT NULL DEFAULT 0,
  low_stock_threshold  integer CHECK (low_stock_threshold >= 0),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, variant_id, location_id),
  FOREIGN KEY (tenant_id, variant_id) REFERENCES product_variants (tenant_id, id),
  CONSTRAINT inventory_levels_reserved_nonnegative CHECK (reserved >= 0),
  CONSTRAINT inventory_levels_reserved_within_on_hand CHECK (reserved <= on_hand)
);
CREATE INDEX inventory_levels_location_idx ON inventory_levels (tenant_id, location_id, variant_id);
SELECT olympus_enable_tenant_rls('inventory_levels');

-- Append-only ledger: every change of on_hand or reserved, so stock at any past time is the sum of
-- the movements up to it. The runtime role may only insert and read it.
CREATE TABLE inventory_movements (
  tenant_id       uuid NOT NULL,
  id              uuid NOT NULL,
  variant_id      uuid NOT NULL,
  location_id     uuid NOT NULL,
  delta_on_hand   integer NOT NULL,
  delta_reserved  integer NOT NULL,
  reason          text NOT NULL CHECK (reason IN ('receive', 'count', 'damage', 'correction', 'transfer_out',
                                                  'transfer_in', 'reserve', 'release', 'expire', 'commit')),
  reference_id    uuid,
  note            text,
  occurred_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX inventory_movements_level_idx ON inventory_movements (tenant_id, variant_id, location_id, occurred_at);
SELECT olympus_enable_tenant_rls('inventory_movements');
REVOKE UPDATE, DELETE ON inventory_movements FROM ${app_user};

-- A hold on stock for a cart or order, released by the sweeper when it expires.
CREATE TABLE reservations (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL,
  status      text NOT NULL CHECK (status IN ('held', 'committed', 'released', 'expired')),
  reference   text,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX reservations_expiry_idx ON reservations (expires_at) WHERE status = 'held';
SELECT olympus_enable_tenant_rls('reservations');
-- The expiry sweeper finds which tenants have stale holds in the system context, then releases them
-- tenant by tenant in each tenant's own context.
CREATE POLICY system_sweep ON reservations FOR SELECT USING (olympus_system_context());

CREATE TABLE reservation_lines (
  tenant_id       uuid NOT NULL,
  reservation_id  uuid NOT NULL,
  variant_id      uuid NOT NULL,
  location_id     uuid NOT NULL,
  quantity        integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (tenant_id, reservation_id, variant_id, location_id),
  FOREIGN KEY (tenant_id, reservation_id) REFERENCES reservations (tenant_id, id) ON DELETE CASCADE
);
SELECT olympus_enable_tenant_rls('reservation_lines');
