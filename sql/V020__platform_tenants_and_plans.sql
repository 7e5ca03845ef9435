-- Plans are a global catalogue (not tenant data): every tenant reads the same rows.
CREATE TABLE plans (
  code                     text PRIMARY KEY,
  name                     text NOT NULL,
  max_users                integer,            -- NULL = unlimited
  max_locations            integer,
  max_products             integer,
  api_requests_per_minute  integer NOT NULL,
  position                 integer NOT NULL
);
COMMENT ON TABLE plans IS 'reference data: plan catalogue seeded by migrations';

INSERT INTO plans (code, name, max_users, max_locations, max_products, api_requests_per_minute, position) VALUES
  ('free',       'Free',        3,    1,     100,    600,    1),
  ('starter',    'Starter',    10,    5,    5000,   3000,    2),
  ('pro',        'Pro',        50,   50,  100000,  12000,    3),
  ('enterprise', 'Enterprise', NULL, NULL,   NULL,  60000,    4);

-- Cross-tenant paths (tenant resolution at login, system administration, purge jobs) say so
-- explicitly with set_config('app.system', 'on', true) in their own transaction. Tenant-scoped code
-- never does.
CREATE FUNCTION olympus_system_context() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT coalesce(current_setting('app.system', true), '') = 'on' $$;

-- The tenant registry. A tenant's own row is its tenant data (tenant_id = id); row-level security
-- lets a transaction see only its own tenant's row unless it runs in the system context.
CREATE TABLE tenants (
  id               uuid PRIMARY KEY,
  slug             text NOT NULL,
  name             text NOT NULL,
  plan             text NOT NULL REFERENCES plans (code),
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
  billing_email    text,
  billing_address  jsonb,
  tax_id           text,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  deleted_at       timestamptz,
  CONSTRAINT tenants_slug_format CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$')
);
CREATE UNIQUE INDEX tenants_slug_key ON tenants (slug);

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
  USING (id = olympus_current_tenant() OR olympus_system_context())
  WITH CHECK (id = olympus_current_tenant() OR olympus_system_context());
