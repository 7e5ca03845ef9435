-- The outbox and the dead-letter table hold every tenant's event payloads (e-mail addresses, products, ...):
-- they get the same second wall as every tenant table. A transaction with a tenant set sees and writes only
-- that tenant's rows; the relay, the replay, the clean-up and the health check read and update all rows through
-- the explicit system path (set_config('app.system', 'on', true) in their own transaction). Platform-wide events
-- carry no tenant (tenant_id NULL): any transaction may write one (they hold no tenant's data), only the system
-- path reads them back, so the relay still publishes them.
-- event_inbox stays without row-level security: it has no tenant_id and holds no tenant data (consumer name,
-- event id, time).
ALTER TABLE outbox_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox_event FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbox_event
  USING (tenant_id = olympus_current_tenant() OR olympus_system_context())
  WITH CHECK (tenant_id = olympus_current_tenant() OR olympus_system_context() OR tenant_id IS NULL);

ALTER TABLE event_dead_letter ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_dead_letter FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON event_dead_letter
  USING (tenant_id = olympus_current_tenant() OR olympus_system_context())
  WITH CHECK (tenant_id = olympus_current_tenant() OR olympus_system_context() OR tenant_id IS NULL);
