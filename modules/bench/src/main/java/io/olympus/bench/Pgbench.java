package io.olympus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The database ceiling: pgbench running Olympus's product-by-id reads (product, variants, categories in one
 * transaction with the tenant set) as the runtime role, so row-level security applies. With a rate (-R)
 * pgbench measures latency from each transaction's scheduled start, like the open-model generator.
 */
public final class Pgbench {

  private final int pgPort;
  private final String user;
  private final String password;
  private final Path workDir;

  public Pgbench(int pgPort, String user, String password, Path workDir) {
    this.pgPort = pgPort;
    this.user = user;
    this.password = password;
    this.workDir = workDir;
  }

  public static boolean installed() {
    try {
      Process p = new ProcessBuilder("pgbench", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** rate ≤ 0 means as fast as the clients go (closed loop). */
  public LoadResult run(String scenario, UUID tenantId, int products, int clients, double rate, int seconds)
      throws IOException, InterruptedException {
    Path script = workDir.resolve("product_by_id.sql");
    Files.writeString(script, String.join("\n",
        "\\set n random(1, :products)",
        "BEGIN;",
        "SELECT set_config('app.tenant_id', :tenant, true);",
        FixtureServer.PRODUCT_BY_ID.replace("$1", ":tenant::uuid").replace("$2", "md5('bench-product-' || (:n)::text)::uuid") + ";",
        FixtureServer.VARIANTS_OF.replace("$1", ":tenant::uuid").replace("$2", "md5('bench-product-' || (:n)::text)::uuid") + ";",
        FixtureServer.CATEGORIES_OF.replace("$1", ":tenant::uuid").replace("$2", "md5('bench-product-' || (:n)::text)::uuid") + ";",
        "END;", ""));
    String prefix = "pgbench-" + scenario.replaceAll("[^a-z0-9]+", "-");
    try (Stream<Path> old = Files.list(workDir)) {
      for (Path p : old.filter(p -> p.getFileName().toString().startsWith(prefix + ".")).toList()) {
        Files.delete(p);
      }
    }
    List<String> command = new ArrayList<>(List.of("pgbench", "-h", "127.0.0.1", "-p", Integer.toString(pgPort),
        "-U", user, "-n", "-M", "prepared", "-f", script.toString(),
        "-D", "tenant=" + tenantId, "-D", "products=" + products,
        "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)),
        "-T", Integer.toString(seconds), "-l", "--log-prefix=" + prefix));
    if (rate > 0) {
      command.addAll(List.of("-R", Long.toString(Math.round(rate))));
    }
    command.add("postgres");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", password);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("pgbench did not finish");
    }
    if (process.exitValue() != 0) {
      throw new IOException("pgbench failed: " + output.strip());
    }
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    long ok = 0;
    long firstEpochUs = Long.MAX_VALUE;
    long lastEpochUs = 0;
    try (Stream<Path> logs = Files.list(workDir)) {
      for (Path log : logs.filter(p -> p.getFileName().toString().startsWith(prefix + ".")).toList()) {
        for (String line : Files.readAllLines(log)) {
          String[] f = line.trim().split("\\s+");
          if (f.length < 6 || f[2].equals("skipped")) {
            continue;
          }
          long latencyUs = Long.parseLong(f[2]);
          long epochUs = Long.parseLong(f[4]) * 1_000_000L + Long.parseLong(f[5]);
          histogram.recordValue(Math.min(latencyUs * 1000L, TimeUnit.SECONDS.toNanos(60)));
          firstEpochUs = Math.min(firstEpochUs, epochUs - latencyUs);
          lastEpochUs = Math.max(lastEpochUs, epochUs);
          ok++;
        }
      }
    }
    double elapsed = ok == 0 ? 0 : (lastEpochUs - firstEpochUs) / 1e6;
    Map<Integer, Long> statuses = new HashMap<>();
    statuses.put(200, ok);
    String failed = output.lines().filter(l -> l.contains("number of failed transactions")).findFirst()
        .map(String::strip).orElse("");
    return LoadResult.of(scenario, rate > 0 ? "open" : "closed", rate > 0 ? rate : Double.NaN, clients, elapsed,
        histogram, ok, 0, statuses, failed, null);
  }
}
