package io.olympus.common.embedded;

import java.nio.file.Path;

/**
 * A process that starts the embedded PostgreSQL and Redis in a folder, says {@code READY}, and waits to be killed:
 * {@link EmbeddedServersRestartTest} kills it with SIGKILL, which leaves both servers running as orphans.
 */
public final class OrphanedServersChild {

  private OrphanedServersChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    EmbeddedRedisServer.start(dir.resolve("redis"), Integer.parseInt(args[1]));
    EmbeddedPostgresServer.start(dir.resolve("postgres"), Integer.parseInt(args[2]), false);
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
