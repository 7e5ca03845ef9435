package io.olympus.platform.tenant;

import io.olympus.common.account.UserAccounts;
import io.olympus.common.bus.BusClient;
import io.olympus.common.account.UserAccountsClient;
import io.olympus.common.commerce.CommerceAddresses;
import io.olympus.common.commerce.CommerceUsageClient;
import io.olympus.common.security.AuthAddresses;
import io.olympus.platform.location.LocationService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage counters of a tenant, each from the service that owns the data, read when asked (no copy to keep in step):
 * locations from the platform's table, active users from auth ({@code auth.users.count}), products that are not
 * archived from commerce ({@code commerce.products.count}). A counter whose service does not answer is null.
 */
public final class TenantUsage {

  private static final Logger LOG = LoggerFactory.getLogger(TenantUsage.class);

  private final BusClient bus;
  private final LocationService locations;

  public TenantUsage(BusClient bus, LocationService locations) {
    this.bus = bus;
    this.locations = locations;
  }

  /** {@code {locations, users, products}}; fails only when the platform's own database fails. */
  public Future<JsonObject> counters(UUID tenantId) {
    Future<Long> locationCount = locations.count(tenantId);
    Future<Long> users = remote(AuthAddresses.USERS_COUNT, new UserAccountsClient(bus).count(tenantId)
        .map(UserAccounts.Counts::active));
    Future<Long> products = remote(CommerceAddresses.PRODUCTS_COUNT, new CommerceUsageClient(bus).productCount(tenantId));
    return Future.all(locationCount, users, products)
        .map(all -> new JsonObject()
            .put("locations", locationCount.result())
            .put("users", users.result())
            .put("products", products.result()));
  }

  private static Future<Long> remote(String address, Future<Long> counter) {
    return counter
        .recover(err -> {
          LOG.warn("usage counter from {} unavailable: {}", address, err.getMessage());
          return Future.succeededFuture(null);
        });
  }
}
