package io.olympus.platform;

import io.olympus.common.audit.Actor;
import io.olympus.common.audit.AuditLog;
import io.olympus.common.authz.AuthzClient;
import io.olympus.common.authz.PermissionCache;
import io.olympus.common.db.Tenancy;
import io.olympus.common.event.Uuids;
import io.olympus.common.metrics.MetricsSupport;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestAuthority;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.rbac.RbacBusVerticle;
import io.olympus.platform.rbac.RbacRepository;
import io.olympus.platform.rbac.RbacService;
import io.olympus.platform.tenant.NewTenant;
import io.olympus.platform.tenant.TenantBusVerticle;
import io.olympus.platform.tenant.TenantRepository;
import io.olympus.platform.tenant.TenantService;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures of the platform issue, measured (never asserted): permission check cost (cached and
 * uncached), tenant-cache hit ratio under HTTP load, audit write overhead on a mutating transaction.
 * Run by name only: {@code mvn -o -q -pl modules/platform -am verify -Dtest=PlatformFiguresBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; writes {@code modules/platform/target/platform-figures.txt}.
 */
class PlatformFiguresBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(PlatformFiguresBenchmark.class);
  private static final UUID OWNER = UUID.fromString("00000000-0000-7000-8000-000000000101");
  private static final int TENANTS = 20;
  private static final int USERS_PER_TENANT = 5;

  private final List<String> report = new ArrayList<>();

  @Test
  void measure() throws Exception {
    TestInfra.get().truncateAll();
    Vertx vertx = MetricsSupport.configure(Vertx.builder()).build();
    Pool pool = TestInfra.get().appPool(vertx);
    try {
      TenantService tenants = new TenantService(pool, new TenantRepository());
      RbacService rbac = new RbacService(pool, new RbacRepository());
      vertx.deployVerticle(new TenantBusVerticle(tenants)).await();
      vertx.deployVerticle(new RbacBusVerticle(rbac)).await();
      List<UUID[]> users = new ArrayList<>();
      for (int t = 0; t < TENANTS; t++) {
        UUID tenant = tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "bench-" + t).put("name", "B" + t)
            .put("plan", "enterprise"))).await().id();
        for (int u = 0; u < USERS_PER_TENANT; u++) {
          UUID user = Uuids.v7();
          rbac.assign(tenant, user, OWNER, null, Actor.SYSTEM).await();
          users.add(new UUID[] {tenant, user});
        }
      }
      Context context = vertx.getOrCreateContext();
      // first: the HTTP service's own caches register the cache metrics (a later cache of the same name would not)
      tenantCacheUnderLoad(vertx, users, Integer.getInteger("platform.requests", 6000),
          Integer.getInteger("platform.concurrency", 32));
      permissionChecks(vertx, context, users.get(0)[0], users.get(0)[1]);
      auditOverhead(context, pool, users.get(0)[0]);
    } finally {
      pool.close().await();
      vertx.close().await();
    }
    Path out = Path.of("target", "platform-figures.txt");
    Files.write(out, report);
    report.forEach(line -> LOG.info("{}", line));
  }

  /** Cached: a burst of hits on the event loop. Uncached: the cache emptied before each check (bus + SQL). */
  private void permissionChecks(Vertx vertx, Context context, UUID tenant, UUID user) {
    PermissionCache cache = new PermissionCache(vertx, new AuthzClient(ServiceHarness.bus(vertx)), Duration.ofMinutes(5), 10_000);
    onContext(context, () -> cache.check(tenant, user, "users:read", null, null));
    int burst = 20_000;
    double bestNs = Double.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long elapsed = onContext(context, () -> {
        long start = System.nanoTime();
        List<Future<?>> checks = new ArrayList<>(burst);
        for (int i = 0; i < burst; i++) {
          checks.add(cache.check(tenant, user, "users:read", null, null));
        }
        return Future.all(checks).map(all -> System.nanoTime() - start);
      });
      bestNs = Math.min(bestNs, elapsed / (double) burst);
    }
    report.add(String.format("permission check, cached (Caffeine hit, on the event loop): %.2f us per check "
        + "(best of 5 bursts of %d)", bestNs / 1000, burst));

    int rounds = 400;
    List<Long> uncached = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      uncached.add(onContext(context, () -> {
        cache.invalidateTenant(tenant);
        long start = System.nanoTime();
        return cache.check(tenant, user, "users:read", null, null).map(d -> System.nanoTime() - start);
      }));
    }
    report.add("permission check, uncached (platform.authz.effective over the bus + recursive SQL): "
        + summary(uncached.subList(50, rounds)));
  }

  /** The same upsert transaction with and without the audit append, interleaved. */
  private void auditOverhead(Context context, Pool pool, UUID tenant) {
    String upsert = "INSERT INTO tenant_settings (tenant_id, key, value, updated_by) VALUES ($1, $2, $3::text::jsonb, $4) "
        + "ON CONFLICT (tenant_id, key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, "
        + "updated_at = now()";
    List<Long> plain = new ArrayList<>();
    List<Long> audited = new ArrayList<>();
    int rounds = 600;
    for (int i = 0; i < rounds; i++) {
      String value = Integer.toString(30 + i % 300);
      plain.add(onContext(context, () -> {
        long start = System.nanoTime();
        return Tenancy.inTenant(pool, tenant, conn -> conn.preparedQuery(upsert)
                .execute(Tuple.of(tenant, "audit.retention_days", value, "bench")))
            .map(done -> System.nanoTime() - start);
      }));
      audited.add(onContext(context, () -> {
        long start = System.nanoTime();
        return Tenancy.inTenant(pool, tenant, conn -> conn.preparedQuery(upsert)
                .execute(Tuple.of(tenant, "audit.retention_days", value, "bench"))
                .compose(done -> AuditLog.append(conn, Actor.SYSTEM.entry(tenant, "settings.update", "tenant_settings",
                    tenant.toString(), new JsonObject().put("audit.retention_days", value).encode()))))
            .map(done -> System.nanoTime() - start);
      }));
    }
    report.add("mutating transaction without audit (upsert one setting): " + summary(plain.subList(100, rounds)));
    report.add("same transaction with the audit append (chain head lock + hashed insert): "
        + summary(audited.subList(100, rounds)));
    report.add(String.format("audit write overhead: +%.2f ms at p50, +%.2f ms mean",
        (percentile(audited.subList(100, rounds), 50) - percentile(plain.subList(100, rounds), 50)) / 1e6,
        (mean(audited.subList(100, rounds)) - mean(plain.subList(100, rounds))) / 1e6));
  }

  /** Closed-loop HTTP load on a permission-guarded route over every tenant, then the caches' counters from /metrics. */
  private void tenantCacheUnderLoad(Vertx vertx, List<UUID[]> users, int requests, int concurrency) {
    var serviceContext = ServiceHarness.context(vertx, Map.of());
    TestAuthority authority = new TestAuthority(serviceContext.config());
    authority.start(vertx).await();
    var app = ServiceHarness.deploy(vertx, serviceContext, ctx -> new PlatformService().httpVerticle(ctx, 0,
        new PlatformService().components(vertx, ctx))).await();
    List<String> tokens = new ArrayList<>();
    users.forEach(u -> tokens.add(authority.bearer(u[0], u[1], List.of("owner"))));
    // the service loads the signing keys in the background at start: wait for the first 200 (bounded)
    for (int attempt = 0; attempt < 100; attempt++) {
      if (app.client().get("/api/v1/plans").send().await().statusCode() == 200
          && app.client().get("/api/v1/me/permissions").putHeader("Authorization", tokens.get(0)).send().await()
          .statusCode() == 200) {
        break;
      }
      Promise<Void> pause = Promise.promise();
      vertx.setTimer(50, id -> pause.complete());
      pause.future().await();
    }
    AtomicInteger issued = new AtomicInteger();
    Map<Integer, AtomicInteger> failed = new java.util.concurrent.ConcurrentHashMap<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < concurrency; lane++) {
      lanes.add(lane(app.client(), tokens, issued, requests, failed, latencies));
    }
    Future.all(lanes).await();
    double seconds = (System.nanoTime() - start) / 1e9;
    String metrics = app.client().get("/metrics").send().await().bodyAsString();
    app.close(vertx).await();
    report.add(String.format("HTTP load: %d x GET /api/v1/roles (users:read), %d tenants x %d users, %d concurrent: "
            + "%.0f req/s, %s, non-200 by status %s", requests, TENANTS, USERS_PER_TENANT, concurrency, requests / seconds,
        summary(latencies), failed));
    for (String cache : List.of("tenants_by_id", "effective_permissions")) {
      double hits = counter(metrics, cache, "hit");
      double misses = counter(metrics, cache, "miss");
      report.add(String.format("cache %s under that load: %.0f hits, %.0f misses, hit ratio %.2f %%", cache, hits,
          misses, 100 * hits / (hits + misses)));
    }
  }

  private static Future<Void> lane(io.vertx.ext.web.client.WebClient client, List<String> tokens, AtomicInteger issued,
                                   int requests, Map<Integer, AtomicInteger> failed, List<Long> latencies) {
    if (issued.getAndIncrement() >= requests) {
      return Future.succeededFuture();
    }
    String token = tokens.get(ThreadLocalRandom.current().nextInt(tokens.size()));
    long start = System.nanoTime();
    return client.get("/api/v1/roles").putHeader("Authorization", token).send()
        .compose(response -> {
          latencies.add(System.nanoTime() - start);
          if (response.statusCode() != 200) {
            failed.computeIfAbsent(response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
            LOG.warn("status {}: {}", response.statusCode(), response.bodyAsString());
          }
          return lane(client, tokens, issued, requests, failed, latencies);
        });
  }

  private static double counter(String metrics, String cache, String result) {
    Pattern line = Pattern.compile("^cache_gets_total\\{([^}]*)\\} ([0-9.E+]+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(metrics);
    double total = 0;
    while (m.find()) {
      String labels = m.group(1);
      if (labels.contains("cache=\"" + cache + "\"") && labels.contains("result=\"" + result + "\"")) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  private static <T> T onContext(Context context, Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future().await();
  }

  private static String summary(List<Long> nanos) {
    return String.format("p50 %.2f ms, p99 %.2f ms, mean %.2f ms (n=%d)", percentile(nanos, 50) / 1e6,
        percentile(nanos, 99) / 1e6, mean(nanos) / 1e6, nanos.size());
  }

  private static double percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static double mean(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).average().orElse(0);
  }
}
