-- Payments of orders through a provider (the built-in sandbox, Stripe, Square, PayPal), their refunds and
-- disputes, an append-only money ledger per payment, saved payment methods (provider references only) and the
-- tenant's payment settings. A payment row is committed as 'pending' before the provider is called with its id as
-- the idempotency key; the reconciler settles rows left pending (and captures/voids left requested).
CREATE TABLE payments (
  tenant_id                 uuid NOT NULL,
  id                        uuid NOT NULL,
  order_id                  uuid NOT NULL,
  provider                  text NOT NULL,
  provider_payment_id       text,
  idempotency_key           text NOT NULL,
  status                    text NOT NULL CHECK (status IN ('pending', 'authorized', 'captured', 'voided',
                                                           'declined', 'failed')),
  capture_mode              text NOT NULL CHECK (capture_mode IN ('automatic', 'manual')),
  currency                  char(3) NOT NULL,
  amount                    bigint NOT NULL CHECK (amount > 0),
  authorized_amount         bigint NOT NULL DEFAULT 0,
  captured_amount           bigint NOT NULL DEFAULT 0,
  refunded_amount           bigint NOT NULL DEFAULT 0,
  disputed_amount           bigint NOT NULL DEFAULT 0,
  fee_amount                bigint,
  payment_method            text NOT NULL,
  customer_id               uuid,
  decline_code              text,
  failure_message           text,
  requested_action          text CHECK (requested_action IN ('capture', 'void')),
  requested_amount          bigint,
  requested_at              timestamptz,
  authorization_expires_at  timestamptz,
  version                   integer NOT NULL DEFAULT 1,
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
  CONSTRAINT payments_idempotency_key UNIQUE (tenant_id, idempotency_key),
  CONSTRAINT payments_refund_within_capture CHECK (refunded_amount <= captured_amount),
  CONSTRAINT payments_capture_within_authorization CHECK (captured_amount <= greatest(authorized_amount, amount))
);
CREATE INDEX payments_order_idx ON payments (tenant_id, order_id, id);
CREATE INDEX payments_provider_idx ON payments (tenant_id, provider, provider_payment_id);
CREATE INDEX payments_unsettled_idx ON payments (created_at) WHERE status = 'pending' OR requested_action IS NOT NULL;
CREATE INDEX payments_expiring_idx ON payments (authorization_expires_at) WHERE status = 'authorized';
SELECT olympus_enable_tenant_rls('payments');
-- the reconciler finds which tenants have unsettled payments in the system context, then settles them per tenant
CREATE POLICY system_sweep ON payments FOR SELECT USING (olympus_system_context());

CREATE TABLE payment_refunds (
  tenant_id           uuid NOT NULL,
  id                  uuid NOT NULL,
  payment_id          uuid NOT NULL,
  idempotency_key     text,
  status              text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  currency            char(3) NOT NULL,
  amount              bigint NOT NULL CHECK (amount > 0),
  reason              text,
  provider_refund_id  text,
  failure_reason      text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
  CONSTRAINT payment_refunds_idempotency_key UNIQUE (tenant_id, payment_id, idempotency_key)
);
CREATE INDEX payment_refunds_payment_idx ON payment_refunds (tenant_id, payment_id, id);
CREATE INDEX payment_refunds_pending_idx ON payment_refunds (created_at) WHERE status = 'pending';
SELECT olympus_enable_tenant_rls('payment_refunds');
CREATE POLICY system_sweep ON payment_refunds FOR SELECT USING (olympus_system_context());

CREATE TABLE payment_disputes (
  tenant_id            uuid NOT NULL,
  id                   uuid NOT NULL,
  payment_id           uuid NOT NULL,
  order_id             uuid NOT NULL,
  provider             text NOT NULL,
  provider_dispute_id  text NOT NULL,
  status               text NOT NULL CHECK (status IN ('needs_response', 'under_review', 'won', 'lost')),
  currency             char(3) NOT NULL,
  amount               bigint NOT NULL,
  reason               text,
  evidence_due_by      timestamptz,
  evidence             jsonb,
  last_event_at        timestamptz NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id),
  CONSTRAINT payment_disputes_provider_key UNIQUE (tenant_id, provider, provider_dispute_id)
);
CREATE INDEX payment_disputes_payment_idx ON payment_disputes (tenant_id, payment_id);
SELECT olympus_enable_tenant_rls('payment_disputes');

-- The money ledger: one signed line per movement of a payment's money (authorization and its release, capture,
-- refund, dispute withdrawal and reinstatement, provider fee). Append-only.
CREATE TABLE payment_ledger (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL,
  payment_id  uuid NOT NULL,
  order_id    uuid NOT NULL,
  entry_type  text NOT NULL CHECK (entry_type IN ('authorization', 'authorization_release', 'capture', 'refund',
                                                  'dispute_withdrawal', 'dispute_reinstatement', 'fee')),
  amount      bigint NOT NULL,
  currency    char(3) NOT NULL,
  reference   text,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX payment_ledger_payment_idx ON payment_ledger (tenant_id, payment_id, id);
CREATE INDEX payment_ledger_order_idx ON payment_ledger (tenant_id, order_id);
SELECT olympus_enable_tenant_rls('payment_ledger');
GRANT DELETE ON payment_ledger TO ${app_user};
CREATE TRIGGER payment_ledger_append_only
  BEFORE UPDATE OR DELETE ON payment_ledger
  FOR EACH ROW EXECUTE FUNCTION olympus_append_only();

-- A customer's saved payment methods: the provider's reference (a token or saved-method id) and what the provider
-- tells about it for display. Never a card number.
CREATE TABLE payment_methods (
  tenant_id           uuid NOT NULL,
  id                  uuid NOT NULL,
  customer_id         uuid NOT NULL,
  provider            text NOT NULL,
  reference           text NOT NULL,
  customer_reference  text,
  brand               text,
  last4               char(4),
  exp_month           smallint,
  exp_year            smallint,
  created_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  CONSTRAINT payment_methods_reference UNIQUE (tenant_id, customer_id, provider, reference)
);
SELECT olympus_enable_tenant_rls('payment_methods');

-- Per-tenant payment settings: refunds above the amount (per currency, minor units) need payments:refund_large.
CREATE TABLE payment_settings (
  tenant_id             uuid PRIMARY KEY,
  refund_large_amounts  jsonb NOT NULL DEFAULT '{}',
  updated_at            timestamptz NOT NULL DEFAULT now()
);
SELECT olympus_enable_tenant_rls('payment_settings');

-- The built-in sandbox provider's own records, keyed by our reference (the payment id), so that retrieving by
-- reference after a crash answers the sandbox's truth. Test data only; no card data.
CREATE TABLE sandbox_payments (
  tenant_id            uuid NOT NULL,
  reference            text NOT NULL,
  provider_payment_id  text NOT NULL,
  token                text NOT NULL,
  capture_mode         text NOT NULL,
  status               text NOT NULL,
  currency             char(3) NOT NULL,
  authorized_amount    bigint NOT NULL,
  captured_amount      bigint NOT NULL DEFAULT 0,
  refunded_amount      bigint NOT NULL DEFAULT 0,
  decline_code         text,
  attempts             integer NOT NULL DEFAULT 1,
  dispute_id           text,
  dispute_status       text,
  settles_at           timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, reference),
  CONSTRAINT sandbox_payments_provider_id UNIQUE (tenant_id, provider_payment_id)
);
SELECT olympus_enable_tenant_rls('sandbox_payments');

CREATE TABLE sandbox_refunds (
  tenant_id            uuid NOT NULL,
  reference            text NOT NULL,
  provider_payment_id  text NOT NULL,
  provider_refund_id   text NOT NULL,
  amount               bigint NOT NULL,
  currency             char(3) NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, reference)
);
SELECT olympus_enable_tenant_rls('sandbox_refunds');

-- Payment permissions, granted to the built-in roles: staff take and read payments, managers refund,
-- administrators (and owners, who inherit) refund above the tenant's limit.
INSERT INTO permissions (code, description) VALUES
  ('payments:read', 'Read payments, refunds, disputes and the money ledger'),
  ('payments:write', 'Take, capture and void payments; answer disputes; save payment methods'),
  ('payments:refund', 'Refund payments up to the tenant''s limit'),
  ('payments:refund_large', 'Refund payments above the tenant''s limit');

INSERT INTO role_permissions (role_id, tenant_id, permission)
SELECT r.id, NULL, p.permission
FROM roles r
JOIN (VALUES
  ('staff', 'payments:read'), ('staff', 'payments:write'),
  ('manager', 'payments:refund'),
  ('admin', 'payments:refund_large'),
  ('viewer', 'payments:read')
) AS p(role_key, permission) ON p.role_key = r.key AND r.tenant_id IS NULL;
