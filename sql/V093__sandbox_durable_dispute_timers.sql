-- The built-in sandbox's dispute timers survive a restart: when a dispute of a payment taken with the dispute test
-- token is due to open (dispute_opens_at), and when a dispute under review is due to close (dispute_closes_at, with
-- its outcome). A due row is picked up by the in-process timer or, after a restart, by the payment reconciler's
-- pass; opening and closing each clear their due time in the transaction that moves the dispute, so each happens at
-- most once per payment.
ALTER TABLE sandbox_payments
  ADD COLUMN dispute_opens_at  timestamptz,
  ADD COLUMN dispute_closes_at timestamptz,
  ADD COLUMN dispute_outcome   text CHECK (dispute_outcome IN ('won', 'lost'));

CREATE INDEX sandbox_payments_dispute_due_idx ON sandbox_payments (tenant_id)
  WHERE dispute_opens_at IS NOT NULL OR dispute_closes_at IS NOT NULL;

-- The reconciler's pass finds every tenant's due disputes in the system context (set_config('app.system', 'on',
-- true) in its own transaction), as it finds pending payments; it then opens or closes each in its tenant.
CREATE POLICY system_sweep ON sandbox_payments FOR SELECT USING (olympus_system_context());
