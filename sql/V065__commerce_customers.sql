-- Customers of a tenant, optionally linked to an auth user holding the customer role (user_id, no foreign
-- key: users belong to the auth service). An erased customer keeps its row (orders refer to it) with every
-- personal field cleared and status 'erased'.
CREATE TABLE customers (
  tenant_id             uuid NOT NULL,
  id                    uuid NOT NULL,
  user_id               uuid,
  status                text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'erased')),
  first_name            text,
  last_name             text,
  email                 text,
  emails                text[] NOT NULL DEFAULT '{}',
  phones                text[] NOT NULL DEFAULT '{}',
  customer_group        text,
  tax_exempt            boolean NOT NULL DEFAULT false,
  notes                 text,
  marketing_consent     boolean NOT NULL DEFAULT false,
  marketing_consent_at  timestamptz,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  erased_at             timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX customers_email_key ON customers (tenant_id, email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX customers_user_key ON customers (tenant_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX customers_name_idx ON customers (tenant_id, lower(last_name), lower(first_name), id);
SELECT olympus_enable_tenant_rls('customers');

-- The address book: at most one default shipping and one default billing address per customer.
CREATE TABLE customer_addresses (
  tenant_id         uuid NOT NULL,
  id                uuid NOT NULL,
  customer_id       uuid NOT NULL,
  first_name        text,
  last_name         text,
  company           text,
  line1             text NOT NULL,
  line2             text,
  city              text NOT NULL,
  region            text,
  postal_code       text,
  country           char(2) NOT NULL,
  phone             text,
  default_shipping  boolean NOT NULL DEFAULT false,
  default_billing   boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_addresses_customer_idx ON customer_addresses (tenant_id, customer_id, created_at);
CREATE UNIQUE INDEX customer_addresses_default_shipping ON customer_addresses (tenant_id, customer_id)
  WHERE default_shipping;
CREATE UNIQUE INDEX customer_addresses_default_billing ON customer_addresses (tenant_id, customer_id)
  WHERE default_billing;
SELECT olympus_enable_tenant_rls('customer_addresses');
