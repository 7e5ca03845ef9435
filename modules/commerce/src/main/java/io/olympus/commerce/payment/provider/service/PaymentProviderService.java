package io.olympus.commerce.payment.provider.service;

import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.payment.provider.model.ProviderAccount;
import io.olympus.commerce.payment.provider.model.ProviderAccountInput;
import io.olympus.commerce.payment.provider.model.ProviderSecrets;
import io.olympus.commerce.payment.provider.repository.ProviderAccountRepository;
import io.olympus.common.crypto.SecretEncryption;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.NotFoundException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The tenants' payment provider accounts. Credentials are sealed with AES-256-GCM ({@link SecretEncryption})
 * before they reach the database and opened only to build a provider's gateway ({@link #secrets}); the API and the
 * audit log see the provider, the flags and the key's last four characters, never more. Every change is audited
 * ({@code payment_provider.saved|deleted}) in its own transaction and, once committed, published on
 * {@value #CHANGED_ADDRESS} (the tenant id) so every {@link ConfiguredPaymentGateways} drops its cached gateways.
 */
public final class PaymentProviderService {

  /** Published with the tenant id after a tenant's provider accounts changed. */
  public static final String CHANGED_ADDRESS = "commerce.payment-providers.changed";

  private final Pool pool;
  private final ProviderAccountRepository repository;
  private final EventSink audit;
  private final SecretEncryption encryption;
  private final EventBus bus;

  /** {@code bus} may be null (no change notifications: tools and tests). */
  public PaymentProviderService(Pool pool, ProviderAccountRepository repository, EventSink audit,
                                SecretEncryption encryption, EventBus bus) {
    this.pool = pool;
    this.repository = repository;
    this.audit = audit;
    this.encryption = encryption;
    this.bus = bus;
  }

  /** Creates or replaces the tenant's account at the input's provider. */
  public Future<ProviderAccount> save(UUID tenantId, ProviderAccountInput input) {
    byte[] credentials = encryption.encrypt(input.credentials().encode().getBytes(StandardCharsets.UTF_8),
        binding(tenantId, input.provider(), "credentials"));
    byte[] webhookSecret = encryption.encrypt(input.webhookSecret().getBytes(StandardCharsets.UTF_8),
        binding(tenantId, input.provider(), "webhook_secret"));
    return Tenancy.inTenant(pool, tenantId, conn -> repository.save(conn, tenantId, input.provider(), credentials,
            webhookSecret, input.keyLast4(), input.enabled(), input.isDefault())
        .compose(account -> audit.audit(conn, tenantId, "payment_provider.saved", "payment_provider",
            input.provider(), account.auditJson()).map(account)))
        .onSuccess(account -> changed(tenantId));
  }

  public Future<List<ProviderAccount>> accounts(UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.accounts(conn, tenantId));
  }

  /** NotFoundException when the tenant has no account at {@code provider}. */
  public Future<ProviderAccount> account(UUID tenantId, String provider) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.account(conn, tenantId, provider))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(notFound(provider))));
  }

  /** NotFoundException when the tenant has no account at {@code provider}. */
  public Future<Void> delete(UUID tenantId, String provider) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.delete(conn, tenantId, provider)
        .compose(deleted -> deleted
            ? audit.audit(conn, tenantId, "payment_provider.deleted", "payment_provider", provider,
                new JsonObject().put("provider", provider))
            : Future.failedFuture(notFound(provider))))
        .onSuccess(ignored -> changed(tenantId));
  }

  /**
   * Every account of the tenant with its credentials opened. Fails with {@link IllegalStateException} when a
   * value does not decrypt (the key was changed, or a value was copied from another row): a tenant whose account
   * cannot be read must not silently fall back to another provider.
   */
  public Future<List<ProviderSecrets>> secrets(UUID tenantId) {
    return Tenancy.readInTenant(pool, tenantId, conn -> repository.sealed(conn, tenantId))
        .map(accounts -> accounts.stream().map(account -> open(tenantId, account)).toList());
  }

  private ProviderSecrets open(UUID tenantId, ProviderAccountRepository.SealedAccount account) {
    try {
      String credentials = new String(encryption.decrypt(account.credentials(),
          binding(tenantId, account.provider(), "credentials")), StandardCharsets.UTF_8);
      String webhookSecret = new String(encryption.decrypt(account.webhookSecret(),
          binding(tenantId, account.provider(), "webhook_secret")), StandardCharsets.UTF_8);
      return new ProviderSecrets(account.provider(), new JsonObject(credentials), webhookSecret, account.enabled(),
          account.isDefault());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the " + account.provider() + " credentials of tenant " + tenantId
          + " do not decrypt (was COMMERCE_PAYMENT_CREDENTIALS_KEY changed?)");
    }
  }

  private void changed(UUID tenantId) {
    if (bus != null) {
      bus.publish(CHANGED_ADDRESS, tenantId.toString());
    }
  }

  private static byte[] binding(UUID tenantId, String provider, String column) {
    return ("payment_provider_accounts|" + tenantId + "|" + provider + "|" + column).getBytes(StandardCharsets.UTF_8);
  }

  private static NotFoundException notFound(String provider) {
    return new NotFoundException("no " + provider + " account is configured");
  }
}
