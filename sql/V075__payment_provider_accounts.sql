-- Payment provider accounts: a tenant's credentials for Stripe, Square or PayPal. The credentials and the webhook
-- secret are AES-256-GCM sealed by the commerce service (key COMMERCE_PAYMENT_CREDENTIALS_KEY), each bound to its
-- tenant, provider and column, so the database never holds them in clear; key_last4 is the only part shown.
-- At most one account per tenant is the default; without one (or without any) the built-in sandbox is.
CREATE TABLE payment_provider_accounts (
  tenant_id       uuid NOT NULL,
  provider        text NOT NULL CHECK (provider IN ('stripe', 'square', 'paypal')),
  credentials     bytea NOT NULL,
  webhook_secret  bytea NOT NULL,
  key_last4       text NOT NULL CHECK (length(key_last4) <= 4),
  enabled         boolean NOT NULL DEFAULT true,
  is_default      boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, provider)
);
CREATE UNIQUE INDEX payment_provider_accounts_one_default ON payment_provider_accounts (tenant_id) WHERE is_default;
SELECT olympus_enable_tenant_rls('payment_provider_accounts');

-- Permissions of the payments slice (the same codes may be seeded by other payment migrations: no conflict).
INSERT INTO permissions (code, description) VALUES
  ('payments:read', 'Read payments and the payment provider settings'),
  ('payments:write', 'Take payments and change the payment provider settings')
ON CONFLICT (code) DO NOTHING;

INSERT INTO role_permissions (role_id, tenant_id, permission)
SELECT r.id, NULL, p.permission
FROM roles r
JOIN (VALUES
  ('manager', 'payments:read'), ('viewer', 'payments:read'), ('admin', 'payments:write')
) AS p(role_key, permission) ON p.role_key = r.key AND r.tenant_id IS NULL
ON CONFLICT DO NOTHING;
