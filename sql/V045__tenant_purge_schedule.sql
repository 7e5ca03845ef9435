-- Scheduled purge of soft-deleted tenants (TenantPurgeSweeper): a deleted tenant is purged once its
-- deleted_at is older than the grace period; until then a system administrator may restore it. The
-- status it had before the deletion is kept so a restore never lifts a suspension.
ALTER TABLE tenants ADD COLUMN status_before_delete text
  CHECK (status_before_delete IS NULL OR status_before_delete IN ('active', 'suspended'));

-- the sweep's candidate query: deleted tenants, oldest deletion first
CREATE INDEX tenants_deleted_at ON tenants (deleted_at) WHERE status = 'deleted';
