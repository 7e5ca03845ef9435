package io.olympus.common.tenant;

import io.olympus.common.db.Tenancy;
import io.olympus.common.error.NotFoundException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared fake of the platform's {@link Tenants}, for module tests that cannot deploy the platform (domain modules
 * do not depend on each other). Served on the bus through the real {@link TenantBusAdapter}, so consumers meet the same
 * wire format, and checked against the real platform by the same {@link TenantsContract} suite.
 *
 * <p>Tenants are the ones {@link #add}ed; a fake {@link #backedBy} the real tables also answers for every row of
 * {@code tenants} (status, plan, and the IP lists of {@code tenant_settings}, as the platform reports them), for tests
 * that insert tenants with SQL. The plan's API budget and product limit are 0 (unlimited) unless added otherwise.
 */
public final class FakeTenants implements Tenants {

  static final String SELECT_TENANT = "SELECT id, slug, name, plan, status FROM tenants WHERE status <> 'deleted' AND ";
  static final String IP_LISTS = "SELECT key, value FROM tenant_settings WHERE tenant_id = $1 "
      + "AND key IN ('security.ip_allow', 'security.ip_deny')";

  private final Map<UUID, TenantInfo> tenants = new ConcurrentHashMap<>();
  private final Pool tables;

  private FakeTenants(Pool tables) {
    this.tables = tables;
  }

  /** A fake that knows only the tenants {@link #add}ed, not yet on any bus. */
  public static FakeTenants inMemory() {
    return new FakeTenants(null);
  }

  /** A fake that also answers for the rows of the real {@code tenants} table (read through {@code appPool}). */
  public static FakeTenants backedBy(Pool appPool) {
    return new FakeTenants(appPool);
  }

  /** Answers {@link TenantAddresses#RESOLVE} on {@code vertx}'s bus from now on. */
  public FakeTenants serve(Vertx vertx) {
    TenantBusAdapter.register(vertx, this);
    return this;
  }

  /** An in-memory fake answering on {@code vertx}'s bus. */
  public static FakeTenants install(Vertx vertx) {
    return inMemory().serve(vertx);
  }

  /** A fake backed by the real tables, answering on {@code vertx}'s bus. */
  public static FakeTenants install(Vertx vertx, Pool appPool) {
    return backedBy(appPool).serve(vertx);
  }

  /** {@code tenant} is known from now on (replacing a tenant with its id). */
  public TenantInfo add(TenantInfo tenant) {
    tenants.put(tenant.id(), tenant);
    return tenant;
  }

  /** An active tenant on the pro plan with no API budget and no product limit, unless it is known already. */
  public TenantInfo addActiveIfAbsent(UUID id) {
    return tenants.computeIfAbsent(id, k -> new TenantInfo(k, "t-" + k, "Tenant " + k, "pro", "active", 0));
  }

  /** Changes a known tenant's status ({@code suspended}, {@code active}); {@code deleted} forgets it. */
  public void status(UUID id, String status) {
    if ("deleted".equals(status)) {
      tenants.remove(id);
      return;
    }
    tenants.computeIfPresent(id, (k, t) -> new TenantInfo(t.id(), t.slug(), t.name(), t.plan(), status,
        t.apiRequestsPerMinute(), t.ipAccess(), t.maxProducts()));
  }

  /** The tenant's plan allows {@code max} products from its next resolution on. */
  public void limitProducts(UUID id, long max) {
    TenantInfo t = addActiveIfAbsent(id);
    tenants.put(id, new TenantInfo(t.id(), t.slug(), t.name(), t.plan(), t.status(), t.apiRequestsPerMinute(),
        t.ipAccess(), max));
  }

  @Override
  public Future<TenantInfo> bySlug(String slug) {
    Optional<TenantInfo> known = tenants.values().stream().filter(t -> t.slug().equals(slug)).findFirst();
    return known.map(Future::succeededFuture)
        .orElseGet(() -> fromTables(SELECT_TENANT + "slug = $1", slug, "tenant '" + slug + "' not found"));
  }

  @Override
  public Future<TenantInfo> byId(UUID id) {
    TenantInfo known = tenants.get(id);
    return known != null
        ? Future.succeededFuture(known)
        : fromTables(SELECT_TENANT + "id = $1", id, "tenant " + id + " not found");
  }

  private Future<TenantInfo> fromTables(String sql, Object key, String notFound) {
    if (tables == null) {
      return Future.failedFuture(new NotFoundException(notFound));
    }
    return Tenancy.asSystem(tables, conn -> conn.preparedQuery(sql).execute(Tuple.of(key)))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new NotFoundException(notFound))
            : withIpLists(rows.iterator().next()));
  }

  private Future<TenantInfo> withIpLists(Row row) {
    UUID id = row.getUUID("id");
    return Tenancy.inTenant(tables, id, conn -> conn.preparedQuery(IP_LISTS).execute(Tuple.of(id)))
        .map(settings -> {
          List<String> allow = new ArrayList<>();
          List<String> deny = new ArrayList<>();
          settings.forEach(s -> ((JsonArray) s.getValue("value")).forEach(v ->
              ("security.ip_allow".equals(s.getString("key")) ? allow : deny).add(String.valueOf(v))));
          return new TenantInfo(id, row.getString("slug"), row.getString("name"), row.getString("plan"),
              row.getString("status"), 0, TenantInfo.ipAccess(id, allow, deny));
        });
  }
}
