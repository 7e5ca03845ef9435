-- Devices a user signed in from: one row per (user, device key). The device key is the client's
-- device_id when it sends one, else a digest of the user agent.
CREATE TABLE auth_devices (
  id            uuid        PRIMARY KEY,
  tenant_id     uuid        NOT NULL,
  user_id       uuid        NOT NULL REFERENCES auth_users (id) ON DELETE CASCADE,
  device_key    text        NOT NULL,
  name          text,
  user_agent    text,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  last_ip       text,
  revoked_at    timestamptz
);
CREATE UNIQUE INDEX auth_devices_user_key_uq ON auth_devices (tenant_id, user_id, device_key);
SELECT olympus_enable_tenant_rls('auth_devices');

-- Security-relevant facts about accounts (sign-in success and failure, lockout, new device, refresh
-- token reuse, sign-out), kept for the account owner and tenant administrators.
CREATE TABLE auth_security_events (
  id          uuid        PRIMARY KEY,
  tenant_id   uuid        NOT NULL,
  user_id     uuid,
  type        text        NOT NULL,
  ip          text,
  user_agent  text,
  request_id  text,
  detail      jsonb       NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_security_events_user_idx ON auth_security_events (tenant_id, user_id, id DESC);
CREATE INDEX auth_security_events_tenant_idx ON auth_security_events (tenant_id, id DESC);
SELECT olympus_enable_tenant_rls('auth_security_events');
