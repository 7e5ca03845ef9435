-- Feature flags per tenant: on/off, percentage rollout by a stable hash of the user id, weighted A/B
-- variants, and targeting by role keys or location ids.
CREATE TABLE feature_flags (
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  key              text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_.-]{0,99}$'),
  description      text,
  enabled          boolean NOT NULL DEFAULT false,
  rollout_percent  numeric(5, 2) NOT NULL DEFAULT 100 CHECK (rollout_percent BETWEEN 0 AND 100),
  variants         jsonb NOT NULL DEFAULT '[]',
  target_roles     text[] NOT NULL DEFAULT '{}',
  target_locations uuid[] NOT NULL DEFAULT '{}',
  version          integer NOT NULL DEFAULT 1,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);
SELECT olympus_enable_tenant_rls('feature_flags');

-- Typed tenant settings; the schema of each key lives in code (SettingDefinitions) and every write is
-- validated against it and audited.
CREATE TABLE tenant_settings (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  key         text NOT NULL,
  value       jsonb NOT NULL,
  updated_by  text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);
SELECT olympus_enable_tenant_rls('tenant_settings');

-- Global settings belong to no tenant and are changed only by system administrators (system context).
CREATE TABLE global_settings (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_by  text,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE global_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE global_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON global_settings FOR SELECT USING (true);
CREATE POLICY system_writes ON global_settings FOR ALL
  USING (olympus_system_context()) WITH CHECK (olympus_system_context());
