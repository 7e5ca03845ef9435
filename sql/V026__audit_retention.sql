-- Audit retention: pruning removes a tenant's oldest entries and records where the kept chain starts
-- (the last removed entry's position and hash), so verification still checks every kept link.
ALTER TABLE audit_chain_heads
  ADD COLUMN anchor_seq bigint NOT NULL DEFAULT 0,
  ADD COLUMN anchor_hash text NOT NULL DEFAULT 'genesis';
