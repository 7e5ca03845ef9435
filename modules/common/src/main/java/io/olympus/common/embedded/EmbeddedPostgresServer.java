package io.olympus.common.embedded;

import io.olympus.common.db.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real PostgreSQL server (binaries from a Maven Central package) whose data lives in a folder that
 * survives restarts. Blocking: start and stop it from a worker thread or {@code main}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
  }

  /**
   * Starts on {@code port} (0 picks a free one), initialising {@code dataDir} only when it is empty, with durable
   * commits: {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on, as on any real server (the
   * embedding library's own defaults turn the first two off for speed, and a crash could then lose transactions
   * already answered). Autovacuum looks at every table each 10 s ({@code autovacuum_naptime}, 60 s by default): a new
   * database's tables grow from empty at hundreds of rows a second, and until a table is analyzed the plans cached
   * while it was empty (foreign-key checks of every order line and reservation line included) keep scanning all of it.
   */
  public static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException {
    return start(dataDir, port, true);
  }

  /**
   * As {@link #start(Path, int)}; {@code durableCommits} false lets a commit return before its WAL is flushed
   * ({@code synchronous_commit=off}: a crash may lose the last commits, never corrupt the data). For the test suites'
   * throw-away databases only.
   */
  public static EmbeddedPostgresServer start(Path dataDir, int port, boolean durableCommits) throws IOException {
    Files.createDirectories(dataDir);
    // a server of this folder left running by a process that died (kill -9) holds the folder: stop it first
    StaleServer.stop(dataDir.resolve("postmaster.pid"), "PostgreSQL",
        List.of("postgres", dataDir.toAbsolutePath().normalize().toString()));
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("max_connections", "300")
        .setServerConfig("shared_buffers", "128MB")
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", durableCommits ? "on" : "off")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("autovacuum_naptime", "10s")
        .setServerConfig("timezone", "UTC")
        .setServerConfig("listen_addresses", "127.0.0.1");
    if (port > 0) {
      builder.setPort(port);
    }
    return new EmbeddedPostgresServer(builder.start(), dataDir);
  }

  /** The superuser address, used only to run migrations. */
  public DatabaseUrl ownerUrl() {
    return new DatabaseUrl("127.0.0.1", postgres.getPort(), "postgres", "postgres", null);
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
