package io.olympus.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Optional flame graphs of the Olympus process for each measured run, with async-profiler ({@code BENCH_PROFILE}:
 * {@code wall}, {@code cpu}, {@code itimer} or {@code alloc}). The profiler's native library comes out of its Maven
 * jar and is loaded into the running JVM with {@code jcmd <pid> JVMTI.agent_load} before the run ({@code start})
 * and again after it ({@code dump} and {@code stop}, writing the samples and the HTML flame graph). Wall-clock mode samples every thread whatever it
 * does, so an event loop waiting for a reply shows as such, per thread ({@code threads}).
 */
final class Profiler {

  private final long pid;
  private final String event;
  private final Path library;
  private final Path dir;
  private final String stamp;
  private int runs;

  private Profiler(long pid, String event, Path library, Path dir, String stamp) {
    this.pid = pid;
    this.event = event;
    this.library = library;
    this.dir = dir;
    this.stamp = stamp;
  }

  /** A profiler for {@code pid} when {@code event} is set, else null; fails when the library cannot be found. */
  static Profiler of(long pid, String event, Path work, Path resultsDir, String stamp) throws IOException {
    if (event == null || event.isBlank()) {
      return null;
    }
    if (!List.of("wall", "cpu", "itimer", "alloc").contains(event)) {
      throw new IllegalArgumentException("BENCH_PROFILE must be wall, cpu, itimer or alloc, not " + event);
    }
    String arch = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-x64";
    Path library = work.resolve("libasyncProfiler.so");
    try (InputStream in = Profiler.class.getResourceAsStream("/" + arch + "/libasyncProfiler.so")) {
      if (in == null) {
        throw new IllegalStateException("async-profiler's " + arch + " library is not in the bench jar");
      }
      Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.createDirectories(resultsDir);
    return new Profiler(pid, event, library, resultsDir, stamp);
  }

  /** Starts sampling. */
  void start() throws IOException, InterruptedException {
    String options = "start,event=" + event + ("wall".equals(event) ? ",interval=2ms,threads" : "");
    agent(options);
  }

  /**
   * Stops sampling and writes the flame graph, and the same samples as collapsed stacks ({@code .collapsed}, one
   * line per stack with its count: for grep and other tools); returns the graph's file name (in the results
   * directory).
   */
  String stop(String scenario, String model) throws IOException, InterruptedException {
    runs++;
    String slug = (scenario + "-" + model).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        .replaceAll("(^-|-$)", "");
    String name = String.format(Locale.ROOT, "%s-%s-%02d-%s.html", stamp, event, runs,
        slug.length() > 60 ? slug.substring(0, 60) : slug);
    agent("dump,file=" + dir.resolve(name.replace(".html", ".collapsed")).toAbsolutePath());
    agent("stop,file=" + dir.resolve(name).toAbsolutePath());
    return name;
  }

  private void agent(String options) throws IOException, InterruptedException {
    // quoted: jcmd would read "key=value" in the options as its own named arguments
    Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "JVMTI.agent_load", library.toString(),
        '"' + options + '"').redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes());
    // jcmd exits 0 whatever the agent answered: the agent's own return code is in the output
    if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0 || !output.contains("return code: 0")
        || output.contains("[ERROR]")) {
      throw new IllegalStateException("async-profiler " + options + ": " + output.trim());
    }
  }
}
