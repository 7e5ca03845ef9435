-- Audit entries of hot paths (checkout) are written unlinked in the transaction of their change — no position, no
-- link, no hash, and no lock on the tenant's chain head — and linked into the tenant's hash chain right after the
-- commit, in short transactions of their own that take the head row's lock (AuditLog.link). Entries written with
-- AuditLog.append are linked at once, as before; both share one chain and one head.
ALTER TABLE audit_log
  ALTER COLUMN seq DROP NOT NULL,
  ALTER COLUMN prev_hash DROP NOT NULL,
  ALTER COLUMN hash DROP NOT NULL,
  -- linked entirely or not at all
  ADD CONSTRAINT audit_log_linked_whole CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL));

-- the linker's queue: small, as entries leave it within moments of their commit
CREATE INDEX audit_log_unlinked ON audit_log (tenant_id, id) WHERE seq IS NULL;

-- the sweep that links what a stopped process left unlinked finds the tenants in the system context (its query
-- reads only unlinked entries); the linking itself runs in each tenant's own transaction
CREATE POLICY system_link ON audit_log FOR SELECT USING (olympus_system_context());
