-- Cancelling a paid order refunds its captured payments and voids its open authorizations through the payment
-- slice (the payment reconciler's pass, nudged by order.cancelled). The pass finds the orders that still owe a
-- refund through this index: orders.refund_owed_amount > 0 is rare and goes back to 0 as the refunds succeed.
CREATE INDEX orders_refund_owed_idx ON orders (tenant_id) WHERE refund_owed_amount > 0;

-- The reconciler finds the tenants with such orders in the system context, as it finds those with pending payments.
CREATE POLICY system_sweep ON orders FOR SELECT USING (olympus_system_context());
