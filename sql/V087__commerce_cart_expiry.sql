-- Expired open carts are deleted by the cart sweeper (their lines go with them). The sweeper finds which tenants
-- have expired carts in the system context (this policy, SELECT only), then deletes each tenant's in its own
-- tenant transaction; the partial index keeps both to the expired rows.
CREATE INDEX carts_expiry_idx ON carts (expires_at, tenant_id) WHERE status = 'open';
CREATE POLICY system_sweep ON carts FOR SELECT USING (olympus_system_context());
