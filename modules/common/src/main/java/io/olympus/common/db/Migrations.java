package io.olympus.common.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the Flyway history in {@code sql/} (shipped in the jar under {@code db/migration}) as the
 * owner role, then sets the runtime role's password. Blocking: call it from a worker thread.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** Migrates and returns the number of migrations applied now; fails with Flyway's or JDBC's exception. */
  public static int migrate(DatabaseUrl owner, String appUser, String appPassword) {
    Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(owner.jdbcUrl(), owner.user(), owner.password())
        .locations("classpath:db/migration")
        .placeholders(Map.of("app_user", appUser))
        .connectRetries(5)
        .load();
    MigrateResult result = flyway.migrate();
    LOG.info("database migrated: {} migration(s) applied, schema version {}", result.migrationsExecuted,
        result.targetSchemaVersion != null ? result.targetSchemaVersion : flyway.info().current().getVersion());
    setRuntimePassword(owner, appUser, appPassword);
    return result.migrationsExecuted;
  }

  /** The latest applied version, or null when no migration has run. */
  public static String currentVersion(DatabaseUrl owner) {
    var current = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(owner.jdbcUrl(), owner.user(), owner.password())
        .locations("classpath:db/migration")
        .load()
        .info()
        .current();
    return current == null ? null : current.getVersion().getVersion();
  }

  private static void setRuntimePassword(DatabaseUrl owner, String appUser, String appPassword) {
    // ALTER ROLE takes no bind parameters: the role name is validated at start-up, the password is quoted.
    String sql = "ALTER ROLE \"" + appUser + "\" WITH LOGIN PASSWORD '" + appPassword.replace("'", "''") + "'";
    try (Connection c = DriverManager.getConnection(owner.jdbcUrl(), owner.user(), owner.password());
         Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("could not set the password of role " + appUser + ": " + e.getMessage(), e);
    }
  }
}
