package io.olympus.common.config;

import io.olympus.common.bus.BusClient;
import io.olympus.common.db.DatabaseUrl;
import io.olympus.common.net.CidrSet;
import io.olympus.common.net.ClientIp;
import io.olympus.common.redis.RedisUrl;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Typed configuration of one Olympus process, parsed once at start-up from environment variables
 * (and an optional JSON file named by {@code OLYMPUS_CONFIG_FILE}). Every key, its default and its
 * meaning is listed in the README's configuration table.
 */
public record OlympusConfig(
    Path dataDir,
    Optional<DatabaseUrl> databaseUrl,
    String appDbUser,
    String appDbPassword,
    int dbPoolSize,
    int dbMaxWaitQueue,
    Optional<RedisUrl> redisUrl,
    int redisPoolSize,
    Set<String> services,
    String httpHost,
    int authPort,
    int platformPort,
    int commercePort,
    int httpInstances,
    int bodyLimitBytes,
    List<String> corsOrigins,
    Cluster cluster,
    Outbox outbox,
    int workerPoolSize,
    long shutdownTimeoutMs,
    Tokens tokens,
    Proxies proxies,
    Deadlines deadlines,
    Management management,
    int principalBudgetPercent,
    Admission admission,
    BusClient.Settings bus) {

  public static final Set<String> ALL_SERVICES = Set.of("auth", "platform", "commerce");

  /**
   * Admission of authenticated requests without a Redis round trip: how often each process reloads the revoked
   * sessions (a missed push is made good within it), how old that copy may get before requests are refused (503),
   * and how often the locally counted plan budgets are reconciled with Redis.
   */
  public record Admission(long revocationResyncMs, long revocationMaxStaleMs, long budgetSyncMs) {
    public static final Admission DEFAULTS = new Admission(5_000, 15_000, 1_000);
  }

  /** Clustered event bus settings (Hazelcast, TCP-IP join). */
  public record Cluster(boolean enabled, String host, int port, List<String> members) {}

  /** Transactional outbox relay and Redis bridge settings. */
  public record Outbox(
      boolean relayEnabled,
      int relays,
      int batchSize,
      long pollIntervalMs,
      int maxAttempts,
      long backoffBaseMs,
      long backoffMaxMs,
      String bridgePattern,
      long retentionHours,
      long statementTimeoutMs,
      long lingerMs) {}

  /**
   * What every service checks in access tokens ({@code AUTH_TOKEN_ISSUER}, {@code AUTH_TOKEN_AUDIENCE}) and
   * how long authorization caches may serve an answer without an invalidating event.
   */
  public record Tokens(String issuer, String audience, long permissionCacheTtlSeconds, long tenantCacheTtlSeconds) {}

  /**
   * Reverse proxies whose forwarding header is believed ({@code OLYMPUS_TRUSTED_PROXIES}, CIDR list, empty = the TCP
   * peer is the client) and which header they write ({@code OLYMPUS_FORWARDED_HEADER}).
   */
  public record Proxies(CidrSet trusted, ClientIp.Header header) {

    public static final Proxies NONE = new Proxies(CidrSet.EMPTY, ClientIp.Header.X_FORWARDED_FOR);
  }

  /**
   * How long a request may wait on each dependency before it is answered 503 + {@code Retry-After}:
   * {@code REDIS_COMMAND_TIMEOUT_MS} (every Redis command or pipelined batch), {@code DATABASE_POOL_WAIT_MS} (waiting
   * for a pooled connection), {@code DATABASE_STATEMENT_TIMEOUT_MS} and {@code DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS}
   * (set on every runtime-role connection, enforced by PostgreSQL), {@code OLYMPUS_REQUEST_TIMEOUT_MS} (the whole
   * request, whatever it waits on: a frozen database connection, the event bus).
   */
  public record Deadlines(long redisCommandMs, long dbPoolWaitMs, long dbStatementMs, long dbIdleInTransactionMs,
      long requestMs) {

    public static final Deadlines DEFAULTS = new Deadlines(500, 2_000, 5_000, 10_000, 10_000);
  }

  /**
   * The process's management port ({@code OLYMPUS_MANAGEMENT_HOST}, {@code OLYMPUS_MANAGEMENT_PORT}): {@code /metrics}
   * and {@code /health/live}, for the cluster network only.
   */
  public record Management(String host, int port) {}

  /** Parses and validates; throws {@link ConfigException} naming every bad variable. */
  public static OlympusConfig from(JsonObject source) {
    Settings s = new Settings(source);
    Path dataDir = Path.of(s.string("OLYMPUS_DATA_DIR", "./data"));
    Optional<DatabaseUrl> databaseUrl = s.parsed("DATABASE_URL", DatabaseUrl::parse);
    String appUser = s.string("DATABASE_APP_USER", "olympus_app");
    if (!appUser.matches("[a-z_][a-z0-9_]{0,62}")) {
      s.problem("DATABASE_APP_USER", appUser, "a lowercase PostgreSQL role name ([a-z_][a-z0-9_]*)");
    }
    String appPassword = s.string("DATABASE_APP_PASSWORD", "olympus_app_dev");
    int poolSize = s.integer("DATABASE_POOL_SIZE", 8, 1, 200);
    int waitQueue = s.integer("DATABASE_POOL_MAX_WAIT_QUEUE", 1024, 1, 1_000_000);
    Optional<RedisUrl> redisUrl = s.parsed("REDIS_URL", RedisUrl::parse);
    int redisPool = s.integer("REDIS_POOL_SIZE", 8, 1, 200);

    List<String> serviceList = s.list("OLYMPUS_SERVICES", "auth,platform,commerce");
    for (String name : serviceList) {
      if (!ALL_SERVICES.contains(name)) {
        s.problem("OLYMPUS_SERVICES", String.join(",", serviceList), "a comma-separated subset of auth,platform,commerce");
        break;
      }
    }
    if (serviceList.isEmpty()) {
      s.problem("OLYMPUS_SERVICES", "", "a comma-separated subset of auth,platform,commerce");
    }

    String httpHost = s.string("OLYMPUS_HTTP_HOST", "0.0.0.0");
    int authPort = s.port("AUTH_PORT", 8000);
    int platformPort = s.port("PLATFORM_PORT", 8001);
    int commercePort = s.port("COMMERCE_PORT", 8002);
    int instances = s.integer("OLYMPUS_HTTP_INSTANCES", VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE, 1, 256);
    int bodyLimit = s.integer("OLYMPUS_BODY_LIMIT_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024);
    List<String> cors = s.list("OLYMPUS_CORS_ORIGINS", "");

    Cluster cluster = new Cluster(
        s.bool("OLYMPUS_CLUSTER", false),
        s.string("OLYMPUS_CLUSTER_HOST", "127.0.0.1"),
        s.port("OLYMPUS_CLUSTER_PORT", 5701),
        s.list("OLYMPUS_CLUSTER_MEMBERS", "127.0.0.1"));

    Outbox outbox = new Outbox(
        s.bool("OUTBOX_RELAY_ENABLED", true),
        s.integer("OUTBOX_RELAYS", 1, 1, 16),
        s.integer("OUTBOX_BATCH_SIZE", 200, 1, 10_000),
        s.integer("OUTBOX_POLL_INTERVAL_MS", 100, 1, 60_000),
        s.integer("OUTBOX_MAX_ATTEMPTS", 8, 1, 100),
        s.integer("OUTBOX_BACKOFF_BASE_MS", 200, 1, 600_000),
        s.integer("OUTBOX_BACKOFF_MAX_MS", 60_000, 1, 3_600_000),
        s.string("EVENTS_BRIDGE_PATTERN", "events.*"),
        s.integer("OUTBOX_RETENTION_HOURS", 168, 1, 24 * 365),
        s.integer("OUTBOX_STATEMENT_TIMEOUT_MS", 60_000, 0, 3_600_000),
        s.integer("OUTBOX_LINGER_MS", 20, 0, 10_000));

    int workers = s.integer("OLYMPUS_WORKER_POOL_SIZE", Math.max(2, Runtime.getRuntime().availableProcessors()), 1, 256);
    long shutdownTimeout = s.integer("OLYMPUS_SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000);

    Tokens tokens = new Tokens(
        s.string("AUTH_TOKEN_ISSUER", "olympus-auth"),
        s.string("AUTH_TOKEN_AUDIENCE", "olympus"),
        s.integer("AUTHZ_CACHE_TTL_SECONDS", 30, 1, 3600),
        s.integer("TENANT_CACHE_TTL_SECONDS", 60, 1, 3600));

    CidrSet trustedProxies = CidrSet.EMPTY;
    try {
      trustedProxies = CidrSet.parse(s.list("OLYMPUS_TRUSTED_PROXIES", ""));
    } catch (IllegalArgumentException e) {
      s.problem("OLYMPUS_TRUSTED_PROXIES", s.string("OLYMPUS_TRUSTED_PROXIES", ""),
          "a comma-separated list of CIDR blocks (" + e.getMessage() + ")");
    }
    ClientIp.Header forwardedHeader = s.parsed("OLYMPUS_FORWARDED_HEADER", ClientIp.Header::parse)
        .orElse(ClientIp.Header.X_FORWARDED_FOR);

    Deadlines deadlines = new Deadlines(
        s.integer("REDIS_COMMAND_TIMEOUT_MS", (int) Deadlines.DEFAULTS.redisCommandMs(), 1, 60_000),
        s.integer("DATABASE_POOL_WAIT_MS", (int) Deadlines.DEFAULTS.dbPoolWaitMs(), 1, 600_000),
        s.integer("DATABASE_STATEMENT_TIMEOUT_MS", (int) Deadlines.DEFAULTS.dbStatementMs(), 0, 3_600_000),
        s.integer("DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS", (int) Deadlines.DEFAULTS.dbIdleInTransactionMs(), 0,
            3_600_000),
        s.integer("OLYMPUS_REQUEST_TIMEOUT_MS", (int) Deadlines.DEFAULTS.requestMs(), 0, 3_600_000));
    Management management = new Management(
        s.string("OLYMPUS_MANAGEMENT_HOST", httpHost),
        s.port("OLYMPUS_MANAGEMENT_PORT", 9000));
    int principalBudgetPercent = s.integer("OLYMPUS_PRINCIPAL_BUDGET_PERCENT", 25, 1, 100);
    Admission admission = new Admission(
        s.integer("OLYMPUS_REVOCATION_RESYNC_MS", (int) Admission.DEFAULTS.revocationResyncMs(), 50, 600_000),
        s.integer("OLYMPUS_REVOCATION_MAX_STALE_MS", (int) Admission.DEFAULTS.revocationMaxStaleMs(), 100, 3_600_000),
        s.integer("OLYMPUS_BUDGET_SYNC_MS", (int) Admission.DEFAULTS.budgetSyncMs(), 50, 60_000));

    BusClient.Settings defaults = BusClient.Settings.DEFAULTS;
    BusClient.Settings bus = new BusClient.Settings(
        s.integer("BUS_REQUEST_TIMEOUT_MS", (int) defaults.requestTimeoutMs(), 50, 60_000),
        s.integer("BUS_BREAKER_MAX_FAILURES", defaults.maxFailures(), 1, 1_000),
        s.integer("BUS_BREAKER_RESET_MS", (int) defaults.resetTimeoutMs(), 100, 600_000),
        s.integer("BUS_STALE_SECONDS", (int) defaults.staleSeconds(), 0, 86_400));

    s.validate();
    return new OlympusConfig(dataDir, databaseUrl, appUser, appPassword, poolSize, waitQueue, redisUrl, redisPool,
        Set.copyOf(serviceList), httpHost, authPort, platformPort, commercePort, instances, bodyLimit, cors,
        cluster, outbox, workers, shutdownTimeout, tokens, new Proxies(trustedProxies, forwardedHeader), deadlines,
        management,
        principalBudgetPercent,
        admission,
        bus);
  }

  public int portOf(String service) {
    return switch (service) {
      case "auth" -> authPort;
      case "platform" -> platformPort;
      case "commerce" -> commercePort;
      default -> throw new IllegalArgumentException("unknown service " + service);
    };
  }
}
