-- A provider's refund notification that carries no reference of ours (Square keeps none on refunds) finds the refund
-- by the provider's refund id, which is stored as soon as the provider answers, also while the refund is pending.
CREATE INDEX payment_refunds_provider_idx ON payment_refunds (tenant_id, provider_refund_id)
  WHERE provider_refund_id IS NOT NULL;
