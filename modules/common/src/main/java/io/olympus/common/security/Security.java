package io.olympus.common.security;

import io.olympus.common.authz.AuthzClient;
import io.olympus.common.authz.PermissionCache;
import io.olympus.common.bus.BusClient;
import io.olympus.common.config.OlympusConfig;
import io.olympus.common.ratelimit.LocalBudgets;
import io.olympus.common.ratelimit.RateLimiter;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.redis.RedisUrl;
import io.olympus.common.tenant.TenantClient;
import io.olympus.common.tenant.TenantResolver;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide security state every service shares: one token verifier (with its cache of
 * verified tokens and the signing keys fetched from the auth service), one API-key verifier, one
 * permission cache and one tenant cache. Built once per process by the launcher with the process's
 * {@link io.olympus.common.service.ServiceContext}; HTTP verticles reach it through
 * {@code ServiceHttpVerticle.security()}, everything else gets it (or the part it needs) through its constructor.
 *
 * <p>Context: it is created outside any verticle (on the launcher's start-up context, or a test's thread), so its
 * timers (the revocation resync, the plan-budget sync), its Redis subscription and its bus consumers
 * ({@code events.auth.keys_rotated}, the caches' invalidation events) belong to no deployment: they live until
 * Vert.x closes, and undeploying an HTTP verticle no longer takes them with it. Every event loop uses it at once:
 * the caches are Caffeine (thread-safe) and deliver results on the caller's context, the revocation set and the
 * budgets are concurrent, the key load is guarded by atomics, and the Redis client hands each caller a pooled
 * connection on the caller's context.
 */
public final class Security {

  private static final Logger LOG = LoggerFactory.getLogger(Security.class);
  private static final long KEY_REFRESH_MIN_INTERVAL_MS = 5_000;

  private final BusClient bus;
  private final TokenVerifier tokens;
  private final ApiKeyVerifier apiKeys;
  private final PermissionCache permissions;
  private final TenantResolver tenants;
  private final RateLimiter rateLimiter;
  private final RequestAdmission admission;
  private final RevocationFeed revocations;
  private final AtomicLong lastKeyRefresh = new AtomicLong();
  private final AtomicReference<Future<Boolean>> keyLoad = new AtomicReference<>();

  /** The process's security state on Redis at {@code redisUrl}, asking the other services through {@code bus}. */
  public Security(Vertx vertx, OlympusConfig config, RedisUrl redisUrl, BusClient bus) {
    this.bus = bus;
    OlympusConfig.Tokens settings = config.tokens();
    // one per process, shared by the services: token revocations, rate limits, plan budgets
    Redis redis = RedisClients.create(vertx, redisUrl, config.redisPoolSize(), "olympus-security",
        config.deadlines().redisCommandMs());
    // revoked sessions pushed to this process (one subscribed connection) and plan budgets counted here: an
    // authenticated request makes no Redis round trip
    OlympusConfig.Admission admit = config.admission();
    this.revocations = new RevocationFeed(vertx, redis,
        RedisClients.options(redisUrl, 1, "olympus-revocations"), admit.revocationResyncMs(),
        admit.revocationMaxStaleMs());
    revocations.start();
    LocalBudgets budgets = new LocalBudgets(vertx, redis, admit.budgetSyncMs()).start();
    this.tokens = new TokenVerifier(TokenVerifierOptions.of(settings.issuer(), settings.audience()), revocations);
    this.rateLimiter = new RateLimiter(redis);
    this.admission = new RequestAdmission(revocations, budgets, config.principalBudgetPercent());
    this.apiKeys = new ApiKeyVerifier(vertx, bus, Duration.ofSeconds(settings.permissionCacheTtlSeconds()));
    Duration stale = Duration.ofSeconds(config.bus().staleSeconds());
    this.permissions = new PermissionCache(vertx, new AuthzClient(bus),
        Duration.ofSeconds(settings.permissionCacheTtlSeconds()), stale, 100_000);
    this.tenants = new TenantResolver(vertx, new TenantClient(bus),
        Duration.ofSeconds(settings.tenantCacheTtlSeconds()), stale, 100_000);
    vertx.eventBus().consumer(AuthAddresses.EVENT_KEYS_ROTATED, msg -> refreshKeys(true));
  }

  public TokenVerifier tokens() {
    return tokens;
  }

  public ApiKeyVerifier apiKeys() {
    return apiKeys;
  }

  public PermissionCache permissions() {
    return permissions;
  }

  public TenantResolver tenants() {
    return tenants;
  }

  /** Redis counters for rate limits (per tenant plan after authentication; per IP on public routes). */
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /** The per-request checks of authenticated requests (session revocation + plan budget, no Redis round trip). */
  public RequestAdmission admission() {
    return admission;
  }

  /** This process's copy of the revoked sessions; a revocation made here is added to it at once. */
  public RevocationFeed revocations() {
    return revocations;
  }

  /**
   * An authentication handler accepting {@code accepted}. {@code ServiceHttpVerticle} mounts one on every operation
   * of the contract from the operation's declared security; a route outside the contract may use one directly.
   */
  public AuthenticationHandler authenticate(Set<Credential> accepted) {
    return new AuthenticationHandler(this, accepted);
  }

  /**
   * Fetches the signing keys from the auth service. Unless {@code force}, at most once per few seconds
   * (an unknown key id triggers it, and a flood of forged tokens must not become a flood of requests).
   * Returns whether new keys were loaded. Callers arriving while a load is under way join it (a burst of first
   * requests at start-up all wait for the same load instead of failing).
   */
  public Future<Boolean> refreshKeys(boolean force) {
    Promise<Boolean> load = Promise.promise();
    if (!keyLoad.compareAndSet(null, load.future())) {
      Future<Boolean> running = keyLoad.get();
      return running != null ? running : Future.succeededFuture(false);
    }
    long now = System.currentTimeMillis();
    if (!force && now - lastKeyRefresh.get() < KEY_REFRESH_MIN_INTERVAL_MS) {
      // loaded moments ago: the keys this process has are as fresh as the auth service's
      keyLoad.set(null);
      load.complete(false);
      return load.future();
    }
    lastKeyRefresh.set(now);
    new AuthKeysClient(bus).jwks()
        .map(keys -> {
          tokens.updateKeys(keys);
          return true;
        })
        .recover(err -> {
          LOG.warn("could not load signing keys from the auth service: {}", err.getMessage());
          return Future.succeededFuture(false);
        })
        .onComplete(done -> {
          keyLoad.set(null);
          load.complete(done.result());
        });
    return load.future();
  }
}
