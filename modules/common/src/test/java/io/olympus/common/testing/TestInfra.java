package io.olympus.common.testing;

import io.olympus.common.db.DatabaseUrl;
import io.olympus.common.db.Migrations;
import io.olympus.common.db.PgPools;
import io.olympus.common.embedded.EmbeddedPostgresServer;
import io.olympus.common.embedded.EmbeddedRedisServer;
import io.olympus.common.redis.RedisUrl;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One real PostgreSQL and one real Redis per test JVM, migrated once: external ones when
 * {@code TEST_DATABASE_URL} (an owner/superuser address) or {@code TEST_REDIS_URL} are set, otherwise
 * containers (Testcontainers) when a Docker engine answers, otherwise embedded servers.
 */
public final class TestInfra {

  public static final String APP_USER = "olympus_app";
  public static final String APP_PASSWORD = "olympus_app_test";

  /** How long test set-up waits for a table lock before it ends the sessions holding one (SQLSTATE 55P03). */
  private static final long TRUNCATE_LOCK_WAIT_MS = 5_000;
  private static final int TRUNCATE_ATTEMPTS = 3;
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private static TestInfra instance;

  private final DatabaseUrl ownerUrl;
  private final RedisUrl redisUrl;
  private final EmbeddedPostgresServer embeddedPostgres;
  private final EmbeddedRedisServer embeddedRedis;

  private TestInfra(DatabaseUrl ownerUrl, RedisUrl redisUrl, EmbeddedPostgresServer pg, EmbeddedRedisServer redis) {
    this.ownerUrl = ownerUrl;
    this.redisUrl = redisUrl;
    this.embeddedPostgres = pg;
    this.embeddedRedis = redis;
  }

  /** Starts (once per JVM) and migrates the test servers. */
  public static synchronized TestInfra get() {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown, "test-infra-shutdown"));
    }
    return instance;
  }

  private static TestInfra start() {
    try {
      Path base = Files.createTempDirectory("olympus-test-");
      EmbeddedPostgresServer pg = null;
      DatabaseUrl owner;
      String externalDb = System.getenv("TEST_DATABASE_URL");
      String externalRedis = System.getenv("TEST_REDIS_URL");
      boolean containers = (isBlank(externalDb) || isBlank(externalRedis)) && ContainerServers.dockerAvailable();
      if (!isBlank(externalDb)) {
        owner = DatabaseUrl.parse(externalDb);
      } else if (containers) {
        owner = ContainerServers.postgres();
      } else {
        // a throw-away database: commits need not wait for their WAL flush (the product's embedded server does)
        pg = EmbeddedPostgresServer.start(base.resolve("postgres"), 0, false);
        owner = pg.ownerUrl();
      }
      EmbeddedRedisServer redis = null;
      RedisUrl redisUrl;
      if (!isBlank(externalRedis)) {
        redisUrl = RedisUrl.parse(externalRedis);
      } else if (containers) {
        redisUrl = ContainerServers.redis();
      } else {
        redis = EmbeddedRedisServer.start(base.resolve("redis"), 0);
        redisUrl = redis.url();
      }
      Migrations.migrate(owner, APP_USER, APP_PASSWORD);
      return new TestInfra(owner, redisUrl, pg, redis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  /** Superuser/owner address: migrations and test fixtures only. */
  public DatabaseUrl ownerUrl() {
    return ownerUrl;
  }

  /** The runtime role's address: row-level security applies to it, as to the services. */
  public DatabaseUrl appUrl() {
    return ownerUrl.withCredentials(APP_USER, APP_PASSWORD);
  }

  public RedisUrl redisUrl() {
    return redisUrl;
  }

  /** The embedded Redis, when one runs (absent with TEST_REDIS_URL): tests stop and restart it. */
  public Optional<EmbeddedRedisServer> embeddedRedis() {
    return Optional.ofNullable(embeddedRedis);
  }

  /** A small pool as the runtime role; close it in the test's tear-down. */
  public Pool appPool(Vertx vertx) {
    return pool(vertx, appUrl());
  }

  /** A small pool as the owner (bypasses row-level security when the owner is a superuser). */
  public Pool ownerPool(Vertx vertx) {
    return pool(vertx, ownerUrl);
  }

  private static Pool pool(Vertx vertx, DatabaseUrl url) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(4))
        .connectingTo(PgPools.connectOptions(url))
        .using(vertx)
        .build();
  }

  /**
   * Empties every application table, keeping the migration history and reference data seeded by
   * migrations: tables commented {@code 'reference data ...'} are kept whole, tables commented
   * {@code 'reference data with tenant rows ...'} keep their rows without a tenant. Blocking: test set-up only.
   */
  public void truncateAll() {
    try (Connection c = ownerJdbc(); Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      List<String> mixed = new ArrayList<>();
      try (ResultSet rs = st.executeQuery(
          "SELECT quote_ident(c.relname), coalesce(obj_description(c.oid, 'pg_class'), '') "
              + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
              + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'flyway_schema_history'")) {
        while (rs.next()) {
          String comment = rs.getString(2);
          if (comment.startsWith("reference data with tenant rows")) {
            mixed.add(rs.getString(1));
          } else if (!comment.startsWith("reference data")) {
            tables.add(rs.getString(1));
          }
        }
      }
      // a session an earlier test left open in a transaction would make TRUNCATE wait for ever: wait a while,
      // then end the sessions that hold a lock for longer, naming them, and try again
      st.execute("SET lock_timeout = '" + TRUNCATE_LOCK_WAIT_MS + "ms'");
      for (int attempt = 1; ; attempt++) {
        try {
          for (String table : mixed) {
            st.execute("DELETE FROM " + table + " WHERE tenant_id IS NOT NULL");
          }
          if (!tables.isEmpty()) {
            st.execute("TRUNCATE " + String.join(", ", tables) + " CASCADE");
          }
          return;
        } catch (SQLException e) {
          if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || attempt == TRUNCATE_ATTEMPTS) {
            throw e;
          }
          endLockHolders(st);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Ends the other sessions that have held a transaction open longer than the lock wait, naming them on stderr. */
  private static void endLockHolders(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT pid, application_name, state, now() - xact_start, left(query, 200), "
        + "pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
        + "AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND xact_start IS NOT NULL "
        + "AND now() - xact_start > make_interval(secs => " + TRUNCATE_LOCK_WAIT_MS / 1000.0 + ")")) {
      while (rs.next()) {
        System.err.printf("test set-up ended session %d (%s, %s for %s) that held its locks: %s%n", rs.getInt(1),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
      }
    }
  }

  /**
   * Rows of the tenant in every table with a {@code tenant_id} column plus its {@code tenants} row, counted
   * as the owner (no row-level security in the way). Blocking: test assertions only.
   */
  public long countTenantRows(java.util.UUID tenantId) {
    try (Connection c = ownerJdbc(); Statement st = c.createStatement()) {
      StringBuilder sql = new StringBuilder("SELECT (SELECT count(*) FROM tenants WHERE id = ?)");
      int params = 1;
      try (ResultSet rs = st.executeQuery("SELECT c.table_name FROM information_schema.columns c "
          + "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
          + "WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'")) {
        while (rs.next()) {
          sql.append(" + (SELECT count(*) FROM \"").append(rs.getString(1)).append("\" WHERE tenant_id = ?)");
          params++;
        }
      }
      try (var ps = c.prepareStatement(sql.toString())) {
        for (int i = 1; i <= params; i++) {
          ps.setObject(i, tenantId);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs SQL as the owner. Blocking: test set-up only. */
  public void executeAsOwner(String sql) {
    try (Connection c = ownerJdbc(); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Connection ownerJdbc() throws SQLException {
    return DriverManager.getConnection(ownerUrl.jdbcUrl(), ownerUrl.user(), ownerUrl.password());
  }

  private void shutdown() {
    try {
      if (embeddedRedis != null) {
        embeddedRedis.close();
      }
      if (embeddedPostgres != null) {
        embeddedPostgres.close();
      }
    } catch (IOException e) {
      // the JVM is exiting; nothing else to do
    }
  }
}
