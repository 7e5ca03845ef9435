package io.olympus.commerce.payment.provider.repository;

/** SQL of payment provider accounts; read only by {@link ProviderAccountRepository}. */
final class ProviderAccountSql {

  private static final String COLUMNS = "provider, enabled, is_default, key_last4, created_at, updated_at";

  static final String UPSERT = "INSERT INTO payment_provider_accounts (tenant_id, provider, credentials, "
      + "webhook_secret, key_last4, enabled, is_default) VALUES ($1, $2, $3, $4, $5, $6, $7) "
      + "ON CONFLICT (tenant_id, provider) DO UPDATE SET credentials = EXCLUDED.credentials, "
      + "webhook_secret = EXCLUDED.webhook_secret, key_last4 = EXCLUDED.key_last4, enabled = EXCLUDED.enabled, "
      + "is_default = EXCLUDED.is_default, updated_at = now() RETURNING " + COLUMNS;

  /** Clears the default flag of the tenant's other accounts (before one becomes the default). */
  static final String CLEAR_OTHER_DEFAULTS = "UPDATE payment_provider_accounts SET is_default = false, "
      + "updated_at = now() WHERE tenant_id = $1 AND provider <> $2 AND is_default";

  static final String ACCOUNTS = "SELECT " + COLUMNS + " FROM payment_provider_accounts WHERE tenant_id = $1 "
      + "ORDER BY provider";

  static final String ACCOUNT = "SELECT " + COLUMNS + " FROM payment_provider_accounts "
      + "WHERE tenant_id = $1 AND provider = $2";

  static final String SECRETS = "SELECT provider, credentials, webhook_secret, enabled, is_default "
      + "FROM payment_provider_accounts WHERE tenant_id = $1 ORDER BY provider";

  static final String DELETE = "DELETE FROM payment_provider_accounts WHERE tenant_id = $1 AND provider = $2";

  private ProviderAccountSql() {}
}
