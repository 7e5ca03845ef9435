-- The tenant administrator's view of users: an account can be deactivated (sign-in refused, sessions
-- revoked) and reactivated; last sign-in and last activity (sign-in or token refresh) are kept for the list.
ALTER TABLE auth_users ADD COLUMN status text NOT NULL DEFAULT 'active'
  CHECK (status IN ('active', 'deactivated'));
ALTER TABLE auth_users ADD COLUMN deactivated_at timestamptz;
ALTER TABLE auth_users ADD COLUMN last_login_at timestamptz;
ALTER TABLE auth_users ADD COLUMN last_seen_at timestamptz;

-- Seat counting (plan user limit) and the status filter of the list.
CREATE INDEX auth_users_tenant_status_idx ON auth_users (tenant_id, status, id);
