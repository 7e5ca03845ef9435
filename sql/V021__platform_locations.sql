-- Location hierarchy of a tenant (regions, stores, warehouses). "path" is the materialised list of
-- ancestor ids ending with the location's own id ('/<root>/<child>/<id>/'), so a subtree is one
-- prefix match on an index and a move rewrites the subtree's paths in one statement.
CREATE TABLE locations (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  parent_id   uuid REFERENCES locations (id),
  path        text NOT NULL,
  code        text NOT NULL,
  name        text NOT NULL,
  kind        text NOT NULL DEFAULT 'store' CHECK (kind IN ('region', 'store', 'warehouse', 'other')),
  timezone    text NOT NULL DEFAULT 'UTC',
  currency    char(3) NOT NULL DEFAULT 'USD',
  tax_region  text,
  address     jsonb,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT locations_code_unique UNIQUE (tenant_id, code)
);
CREATE INDEX locations_tenant_path ON locations (tenant_id, path text_pattern_ops);
CREATE INDEX locations_parent ON locations (tenant_id, parent_id);
SELECT olympus_enable_tenant_rls('locations');
