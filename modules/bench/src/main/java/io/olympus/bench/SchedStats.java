package io.olympus.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the machine's CPU went during a scenario, by thread group, from the kernel's per-thread scheduler statistics
 * ({@code /proc/<pid>/task/<tid>/schedstat}: time on a CPU, time runnable but waiting for a CPU, and runs). For
 * each group: CPU used (percent of one core) and the mean wait between becoming runnable and running. A request
 * crosses several such waits in turn (event loop, Redis, a PostgreSQL backend, the event loop again), so their
 * growth under load is time the request spends in no code at all, which a CPU or allocation profile cannot show.
 *
 * <p>Groups: the Olympus process's event loops, Argon2 threads, signing pool, JIT and GC threads and the rest;
 * PostgreSQL backends; Redis; the load generator (this process); everything else. Linux only: elsewhere the
 * snapshot is empty and the note says so.
 */
final class SchedStats {

  /** Totals of one group: nanoseconds on a CPU, nanoseconds waiting for one, runs. */
  private record Totals(long runNs, long waitNs, long runs) {

    Totals plus(long run, long wait, long count) {
      return new Totals(runNs + run, waitNs + wait, runs + count);
    }
  }

  /** Counters of every thread at one moment, by group and thread. */
  record Snapshot(long atNanos, Map<String, Map<String, long[]>> threads) {}

  private static final List<String> ORDER = List.of("Olympus event loops", "Olympus Argon2 threads",
      "Olympus signing pool", "Olympus JIT", "Olympus GC", "Olympus other", "PostgreSQL", "Redis", "generator",
      "other processes");

  private final long olympusPid;
  private final long generatorPid = ProcessHandle.current().pid();

  SchedStats(long olympusPid) {
    this.olympusPid = olympusPid;
  }

  Snapshot snapshot() {
    Map<String, Map<String, long[]>> threads = new HashMap<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
        .chars().allMatch(Character::isDigit))) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        String process = read(proc.resolve("comm"));
        if (process == null) {
          continue;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
          for (Path task : tasks) {
            String stat = read(task.resolve("schedstat"));
            String thread = read(task.resolve("comm"));
            if (stat == null || thread == null) {
              continue;
            }
            String[] f = stat.split("\\s+");
            if (f.length < 3) {
              continue;
            }
            threads.computeIfAbsent(group(pid, process, thread), g -> new HashMap<>())
                .put(pid + "/" + task.getFileName(), new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]),
                    Long.parseLong(f[2])});
          }
        } catch (IOException | RuntimeException e) {
          // the process ended while it was read
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Snapshot(System.nanoTime(), Map.of());
    }
    return new Snapshot(System.nanoTime(), threads);
  }

  /** The note for the interval between two snapshots. */
  static String note(Snapshot before, Snapshot after) {
    if (after.threads().isEmpty()) {
      return "scheduler statistics not available (no /proc schedstat)";
    }
    double seconds = (after.atNanos() - before.atNanos()) / 1e9;
    Map<String, Totals> groups = new LinkedHashMap<>();
    after.threads().forEach((group, threads) -> threads.forEach((thread, now) -> {
      long[] then = before.threads().getOrDefault(group, Map.of()).getOrDefault(thread, new long[3]);
      groups.merge(group, new Totals(now[0] - then[0], now[1] - then[1], now[2] - then[2]),
          (a, b) -> a.plus(b.runNs(), b.waitNs(), b.runs()));
    }));
    List<String> parts = new ArrayList<>();
    for (String group : ORDER) {
      Totals t = groups.get(group);
      if (t == null || t.runNs() < 0.005 * seconds * 1e9) {
        continue; // under half a percent of a core: not worth a column
      }
      parts.add(String.format(Locale.ROOT, "%s %.0f%% / %.0f µs", group, 100.0 * t.runNs() / (seconds * 1e9),
          t.runs() > 0 ? t.waitNs() / 1000.0 / t.runs() : 0.0));
    }
    return "CPU (% of one core) / mean wait for a CPU per run: " + String.join(", ", parts);
  }

  private String group(long pid, String process, String thread) {
    if (pid == olympusPid) {
      if (thread.startsWith("vert.x-eventloo")) {
        return "Olympus event loops";
      }
      if (thread.startsWith("olympus-auth-ar")) {
        return "Olympus Argon2 threads";
      }
      if (thread.startsWith("olympus-auth-si")) {
        return "Olympus signing pool";
      }
      if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
        return "Olympus JIT";
      }
      if (thread.equals("VM Thread") || thread.startsWith("GC Thread")) {
        return "Olympus GC";
      }
      return "Olympus other";
    }
    if (pid == generatorPid) {
      return "generator";
    }
    if (process.equals("postgres")) {
      return "PostgreSQL";
    }
    if (process.startsWith("redis-server")) {
      return "Redis";
    }
    return "other processes";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
