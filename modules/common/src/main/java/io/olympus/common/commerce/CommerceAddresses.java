package io.olympus.common.commerce;

/** Event-bus addresses served by the commerce service for other services (the contract: {@link CommerceUsage}). */
public final class CommerceAddresses {

  /**
   * Request {@code {tenant_id}}; replies {@code {products}}: the tenant's products that count against the plan
   * (draft and active, not archived). Fails 400 when {@code tenant_id} is not a UUID. Used by the platform's usage
   * counters.
   */
  public static final String PRODUCTS_COUNT = "commerce.products.count";

  private CommerceAddresses() {}
}
