package io.olympus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the packaged {@code target/olympus.jar} as its own process, as an operator would. */
class OlympusJarIT {

  private static final String STARTED_LINE = "Olympus started in";
  /** Safety bounds only: a hung child process must not hang the build. */
  private static final long START_BOUND_SECONDS = 180;
  private static final long STOP_BOUND_SECONDS = 90;

  private final List<String> output = new CopyOnWriteArrayList<>();
  private final CountDownLatch started = new CountDownLatch(1);
  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;
  private Thread outputReader;

  @AfterEach
  void killLeftover() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Test
  void shouldServeAllServicesAndExitCleanlyOnSigterm() throws Exception {
    Path dataDir = Files.createTempDirectory("olympus-jar-");
    Map<String, Integer> ports = Map.of("auth", TestPorts.free(), "platform", TestPorts.free(),
        "commerce", TestPorts.free());
    process = launch(dataDir, ports);

    boolean up = started.await(START_BOUND_SECONDS, TimeUnit.SECONDS);
    assertThat(up).as("start-up log line; output so far:%n%s", String.join("\n", output)).isTrue();
    for (int port : ports.values()) {
      assertThat(readyStatus(port)).isEqualTo(200);
    }

    // SIGTERM, as Process.destroy() sends, but through the handle so the output stays readable to the end
    process.toHandle().destroy();
    boolean exited = process.waitFor(STOP_BOUND_SECONDS, TimeUnit.SECONDS);
    outputReader.join(TimeUnit.SECONDS.toMillis(STOP_BOUND_SECONDS));

    String log = String.join("\n", output);
    assertThat(exited).as("exit after SIGTERM; output:%n%s", log).isTrue();
    assertThat(process.exitValue()).as("exit code; output:%n%s", log).isZero();
    assertThat(log)
        .contains("shutdown 1/4: readiness DOWN")
        .contains("shutdown 2/4: draining in-flight requests")
        .contains("shutdown 3/4: closing Vert.x")
        .contains("shutdown 4/4: embedded Redis stopped")
        .contains("shutdown 4/4: embedded PostgreSQL stopped")
        .contains("shutdown complete");
  }

  private Process launch(Path dataDir, Map<String, Integer> ports) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = System.getProperty("olympus.jar", "target/olympus.jar");
    ProcessBuilder builder = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xss512k", "-jar", jar)
        .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("OLYMPUS_") || key.startsWith("DATABASE_")
        || key.startsWith("REDIS_") || key.endsWith("_PORT"));
    env.put("OLYMPUS_DATA_DIR", dataDir.toString());
    env.put("OLYMPUS_LOG_FORMAT", "text");
    env.put("OLYMPUS_HTTP_HOST", "127.0.0.1");
    env.put("OLYMPUS_HTTP_INSTANCES", "1");
    env.put("OLYMPUS_SHUTDOWN_GRACE_MS", "100");
    env.put("AUTH_PORT", String.valueOf(ports.get("auth")));
    env.put("PLATFORM_PORT", String.valueOf(ports.get("platform")));
    env.put("COMMERCE_PORT", String.valueOf(ports.get("commerce")));
    env.put("OLYMPUS_MANAGEMENT_PORT", String.valueOf(TestPorts.free()));
    Process child = builder.start();
    outputReader = new Thread(() -> readOutput(child), "olympus-jar-output");
    outputReader.setDaemon(true);
    outputReader.start();
    return child;
  }

  private void readOutput(Process child) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.add(line);
        if (line.contains(STARTED_LINE)) {
          started.countDown();
        }
      }
    } catch (IOException e) {
      output.add("(output closed: " + e.getMessage() + ")");
    }
  }

  /** Polls readiness like an orchestrator's probe (the first checks after a cold start may still time out). */
  private int readyStatus(int port) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
    int status = 0;
    for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
      if (attempt > 0) {
        Thread.sleep(200);
      }
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
    return status;
  }
}
