-- Permission catalogue: resource:action strings, the same for every tenant.
CREATE TABLE permissions (
  code         text PRIMARY KEY CHECK (code ~ '^[a-z_]+:[a-z_]+$'),
  description  text NOT NULL
);
COMMENT ON TABLE permissions IS 'reference data: permission catalogue seeded by migrations';

INSERT INTO permissions (code, description) VALUES
  ('products:read', 'Read the catalog'),
  ('products:write', 'Create, update and archive products'),
  ('inventory:read', 'Read stock levels'),
  ('inventory:write', 'Adjust, transfer and reserve stock'),
  ('orders:read', 'Read orders'),
  ('orders:write', 'Create and change orders'),
  ('orders:refund', 'Refund orders'),
  ('customers:read', 'Read customers'),
  ('customers:write', 'Create and change customers'),
  ('promotions:manage', 'Manage promotions'),
  ('analytics:read', 'Read analytics'),
  ('locations:read', 'Read locations'),
  ('locations:manage', 'Create, move and delete locations'),
  ('users:read', 'Read the tenant''s users'),
  ('users:manage', 'Invite, deactivate and assign roles to users'),
  ('roles:manage', 'Create and change custom roles'),
  ('settings:manage', 'Change tenant settings'),
  ('flags:manage', 'Change feature flags'),
  ('audit:read', 'Read and verify the audit log'),
  ('api_keys:manage', 'Create and revoke API keys'),
  ('tenant:manage', 'Change the tenant itself'),
  ('billing:manage', 'Change billing information and plan');

-- Roles: built-in roles have tenant_id NULL and are shared by every tenant (read-only to them);
-- custom roles belong to one tenant and inherit from another role (built-in or custom).
CREATE TABLE roles (
  id              uuid PRIMARY KEY,
  tenant_id       uuid,  -- no foreign key: built-in rows have none; the tenant purge removes custom roles
  key             text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_-]{1,62}$'),
  name            text NOT NULL,
  description     text,
  parent_role_id  uuid REFERENCES roles (id),
  built_in        boolean NOT NULL DEFAULT false,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT roles_key_unique UNIQUE NULLS NOT DISTINCT (tenant_id, key),
  CONSTRAINT roles_built_in_global CHECK (built_in = (tenant_id IS NULL))
);
COMMENT ON TABLE roles IS 'reference data with tenant rows: built-in roles (tenant_id NULL) are seeded by migrations';

CREATE TABLE role_permissions (
  role_id     uuid NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  tenant_id   uuid,
  permission  text NOT NULL REFERENCES permissions (code),
  PRIMARY KEY (role_id, permission)
);
COMMENT ON TABLE role_permissions IS 'reference data with tenant rows: built-in grants (tenant_id NULL) are seeded by migrations';

-- A role assignment, optionally scoped to a location subtree (NULL = the whole tenant).
CREATE TABLE user_roles (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id      uuid NOT NULL,
  role_id      uuid NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  location_id  uuid REFERENCES locations (id) ON DELETE CASCADE,
  granted_by   uuid,
  granted_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT user_roles_unique UNIQUE NULLS NOT DISTINCT (tenant_id, user_id, role_id, location_id)
);
CREATE INDEX user_roles_user ON user_roles (tenant_id, user_id);

SELECT olympus_enable_tenant_rls('user_roles');

-- roles and role_permissions: a tenant sees the built-in rows and its own; it can write only its own.
ALTER TABLE roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE roles FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON roles FOR SELECT
  USING (tenant_id IS NULL OR tenant_id = olympus_current_tenant() OR olympus_system_context());
CREATE POLICY tenant_write ON roles FOR ALL
  USING (tenant_id = olympus_current_tenant())
  WITH CHECK (tenant_id = olympus_current_tenant());

ALTER TABLE role_permissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE role_permissions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON role_permissions FOR SELECT
  USING (tenant_id IS NULL OR tenant_id = olympus_current_tenant() OR olympus_system_context());
CREATE POLICY tenant_write ON role_permissions FOR ALL
  USING (tenant_id = olympus_current_tenant())
  WITH CHECK (tenant_id = olympus_current_tenant());

-- Built-in roles: owner ⊃ admin ⊃ manager ⊃ staff; customer and viewer stand alone.
INSERT INTO roles (id, tenant_id, key, name, description, parent_role_id, built_in) VALUES
  ('00000000-0000-7000-8000-000000000104', NULL, 'staff', 'Staff', 'Day-to-day store work', NULL, true),
  ('00000000-0000-7000-8000-000000000103', NULL, 'manager', 'Manager', 'Runs stores: catalog, stock, refunds', '00000000-0000-7000-8000-000000000104', true),
  ('00000000-0000-7000-8000-000000000102', NULL, 'admin', 'Administrator', 'Administers the tenant', '00000000-0000-7000-8000-000000000103', true),
  ('00000000-0000-7000-8000-000000000101', NULL, 'owner', 'Owner', 'Owns the tenant, billing included', '00000000-0000-7000-8000-000000000102', true),
  ('00000000-0000-7000-8000-000000000105', NULL, 'customer', 'Customer', 'A shopper: own orders and profile', NULL, true),
  ('00000000-0000-7000-8000-000000000106', NULL, 'viewer', 'Viewer', 'Read-only access', NULL, true);

INSERT INTO role_permissions (role_id, tenant_id, permission)
SELECT r.id, NULL, p.permission
FROM roles r
JOIN (VALUES
  ('staff', 'products:read'), ('staff', 'inventory:read'), ('staff', 'orders:read'), ('staff', 'orders:write'),
  ('staff', 'customers:read'), ('staff', 'locations:read'),
  ('manager', 'products:write'), ('manager', 'inventory:write'), ('manager', 'orders:refund'),
  ('manager', 'customers:write'), ('manager', 'promotions:manage'), ('manager', 'analytics:read'), ('manager', 'users:read'),
  ('admin', 'users:manage'), ('admin', 'roles:manage'), ('admin', 'locations:manage'), ('admin', 'settings:manage'),
  ('admin', 'flags:manage'), ('admin', 'audit:read'), ('admin', 'api_keys:manage'),
  ('owner', 'tenant:manage'), ('owner', 'billing:manage'),
  ('customer', 'products:read'),
  ('viewer', 'products:read'), ('viewer', 'inventory:read'), ('viewer', 'orders:read'), ('viewer', 'customers:read'),
  ('viewer', 'locations:read'), ('viewer', 'analytics:read')
) AS p(role_key, permission) ON p.role_key = r.key AND r.tenant_id IS NULL;
