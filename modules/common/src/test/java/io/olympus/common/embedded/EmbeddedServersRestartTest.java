package io.olympus.common.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Restart after the JVM alone was killed: a child process starts the embedded PostgreSQL and Redis on fixed ports in
 * a folder and is killed with SIGKILL, leaving both servers running. Starting again on the same folder and ports
 * stops the orphans (they are ours: their pid files are in the folder and their command lines name the servers)
 * and succeeds.
 */
class EmbeddedServersRestartTest {

  @Test
  void shouldStopOrphanedServersOfTheSameFolderAndStart() throws Exception {
    Path dir = Files.createTempDirectory("olympus-orphans-");
    int redisPort = EmbeddedRedisServer.freePort();
    int postgresPort = EmbeddedRedisServer.freePort();
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OrphanedServersChild.class.getName(),
        dir.toString(), Integer.toString(redisPort), Integer.toString(postgresPort))
        .redirectErrorStream(true)
        .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.contains("READY"));
      assertThat(line).as("the child started both servers").isNotNull();
    }
    ProcessHandle redisOrphan = pidIn(dir.resolve("redis/redis.pid")).orElseThrow();
    ProcessHandle postgresOrphan = pidIn(dir.resolve("postgres/postmaster.pid")).orElseThrow();
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(redisOrphan.isAlive()).isTrue();
    assertThat(postgresOrphan.isAlive()).isTrue();

    try (EmbeddedRedisServer redis = EmbeddedRedisServer.start(dir.resolve("redis"), redisPort);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), postgresPort, false)) {
      assertThat(redis.isRunning()).isTrue();
      assertThat(postgres.port()).isEqualTo(postgresPort);
      assertThat(redisOrphan.isAlive()).isFalse();
      assertThat(postgresOrphan.isAlive()).isFalse();
      assertThat(pidIn(dir.resolve("postgres/postmaster.pid")).map(ProcessHandle::pid))
          .isNotEqualTo(Optional.of(postgresOrphan.pid()));
    }
  }

  private static Optional<ProcessHandle> pidIn(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    return ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
  }
}
