package io.olympus.commerce.payment.provider.repository;

import io.olympus.commerce.payment.provider.model.ProviderAccount;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads and writes the tenants' payment provider accounts. Credentials arrive and leave sealed (the service seals
 * and opens them); callers own the transaction.
 */
public final class ProviderAccountRepository {

  /** A stored account with its sealed credentials and webhook secret. */
  public record SealedAccount(String provider, byte[] credentials, byte[] webhookSecret, boolean enabled,
                              boolean isDefault) {}

  private static final Function<Row, ProviderAccount> ACCOUNT = row -> new ProviderAccount(
      row.getString("provider"),
      row.getBoolean("enabled"),
      row.getBoolean("is_default"),
      row.getString("key_last4"),
      row.getOffsetDateTime("created_at"),
      row.getOffsetDateTime("updated_at"));

  private static final Function<Row, SealedAccount> SEALED = row -> new SealedAccount(
      row.getString("provider"),
      row.getBuffer("credentials").getBytes(),
      row.getBuffer("webhook_secret").getBytes(),
      row.getBoolean("enabled"),
      row.getBoolean("is_default"));

  /** Creates or replaces the tenant's account at {@code provider}; when it is the default, no other one is. */
  public Future<ProviderAccount> save(SqlClient client, UUID tenantId, String provider, byte[] credentials,
                                      byte[] webhookSecret, String keyLast4, boolean enabled, boolean isDefault) {
    Future<Void> cleared = isDefault
        ? client.preparedQuery(ProviderAccountSql.CLEAR_OTHER_DEFAULTS).execute(Tuple.of(tenantId, provider))
            .mapEmpty()
        : Future.succeededFuture();
    return cleared
        .compose(ignored -> client.preparedQuery(ProviderAccountSql.UPSERT).execute(Tuple.of(tenantId, provider,
            Buffer.buffer(credentials), Buffer.buffer(webhookSecret), keyLast4, enabled, isDefault)))
        .map(rows -> ACCOUNT.apply(rows.iterator().next()));
  }

  public Future<List<ProviderAccount>> accounts(SqlClient client, UUID tenantId) {
    return client.preparedQuery(ProviderAccountSql.ACCOUNTS).execute(Tuple.of(tenantId))
        .map(rows -> {
          List<ProviderAccount> accounts = new ArrayList<>();
          rows.forEach(row -> accounts.add(ACCOUNT.apply(row)));
          return accounts;
        });
  }

  public Future<Optional<ProviderAccount>> account(SqlClient client, UUID tenantId, String provider) {
    return client.preparedQuery(ProviderAccountSql.ACCOUNT).execute(Tuple.of(tenantId, provider))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ACCOUNT.apply(rows.iterator().next())));
  }

  /** Every account of the tenant with its sealed credentials. */
  public Future<List<SealedAccount>> sealed(SqlClient client, UUID tenantId) {
    return client.preparedQuery(ProviderAccountSql.SECRETS).execute(Tuple.of(tenantId))
        .map(rows -> {
          List<SealedAccount> accounts = new ArrayList<>();
          rows.forEach(row -> accounts.add(SEALED.apply(row)));
          return accounts;
        });
  }

  /** False when the tenant had no account at {@code provider}. */
  public Future<Boolean> delete(SqlClient client, UUID tenantId, String provider) {
    return client.preparedQuery(ProviderAccountSql.DELETE).execute(Tuple.of(tenantId, provider))
        .map(rows -> rows.rowCount() == 1);
  }
}
