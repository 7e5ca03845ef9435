package io.olympus.common.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded server left running by a previous process that died without stopping it (the JVM killed with
 * SIGKILL, an out-of-memory kill): it still holds its data folder and port, so the next start would fail. Before an
 * embedded server starts, {@link #stop} reads the pid file the server keeps in its data folder, and stops that
 * process — politely first (SIGTERM: PostgreSQL and Redis flush and exit), forcibly if it does not go — but only when
 * it is really our server: alive, and its command line names the server and (for PostgreSQL) this data folder. A pid
 * file naming a dead or unrelated process is left to the server, which replaces it.
 */
final class StaleServer {

  private static final Logger LOG = LoggerFactory.getLogger(StaleServer.class);
  private static final long POLITE_WAIT_SECONDS = 30;
  private static final long FORCED_WAIT_SECONDS = 10;

  private StaleServer() {}

  /**
   * Stops the process named on the first line of {@code pidFile} when every one of {@code markers} is in its
   * command line. Returns whether one was stopped. Blocking.
   */
  static boolean stop(Path pidFile, String server, List<String> markers) {
    Optional<ProcessHandle> process = owner(pidFile)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(p -> matches(p, markers));
    if (process.isEmpty()) {
      return false;
    }
    ProcessHandle stale = process.get();
    LOG.warn("a stale embedded {} (pid {}) from a previous run still holds {}; stopping it", server, stale.pid(),
        pidFile.getParent());
    stale.destroy();
    if (!awaitExit(stale, POLITE_WAIT_SECONDS)) {
      LOG.warn("the stale embedded {} (pid {}) did not stop in {} s; killing it", server, stale.pid(),
          POLITE_WAIT_SECONDS);
      stale.destroyForcibly();
      awaitExit(stale, FORCED_WAIT_SECONDS);
    }
    return true;
  }

  private static Optional<ProcessHandle> owner(Path pidFile) {
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
      if (lines.isEmpty()) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean matches(ProcessHandle process, List<String> markers) {
    ProcessHandle.Info info = process.info();
    String commandLine = info.commandLine().orElse("") + " " + info.command().orElse("")
        + " " + String.join(" ", info.arguments().orElse(new String[0]));
    return markers.stream().allMatch(commandLine::contains);
  }

  private static boolean awaitExit(ProcessHandle process, long seconds) {
    try {
      process.onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
