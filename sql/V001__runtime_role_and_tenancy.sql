-- The services connect as a separate non-superuser role, so row-level security applies to them.
-- Its password is set by the migration runner after every migrate (from DATABASE_APP_PASSWORD).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app_user}') THEN
    CREATE ROLE ${app_user} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO ${app_user};
GRANT SELECT ON ${flyway:table} TO ${app_user};
-- every table and sequence created by later migrations (run by the same owner) is usable by the runtime role
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app_user};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app_user};

-- The tenant of the running transaction, set by set_config('app.tenant_id', ..., true); NULL when unset.
CREATE FUNCTION olympus_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- The row-level security pattern every tenant-scoped table uses:
--   SELECT olympus_enable_tenant_rls('orders');
-- Rows are visible and writable only when their tenant_id equals the transaction's tenant; with no
-- tenant set nothing is visible. FORCE makes the policy apply to the table owner as well.
CREATE FUNCTION olympus_enable_tenant_rls(tbl regclass) RETURNS void
  LANGUAGE plpgsql
AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tbl);
  EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = olympus_current_tenant()) '
                 'WITH CHECK (tenant_id = olympus_current_tenant())', tbl);
END
$$;
