package io.olympus.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login flood: the login capacity measured closed-loop, then open-model offered load at multiples of it
 * ({@code BENCH_FLOOD_MULTIPLES}, default 0.5, 1, 2, 5). Per offered load: goodput (successful logins per second),
 * 503s per second, and the latency of the <em>accepted</em> logins (p50/p99 from their intended send time, so
 * queueing shows), kept apart from the refused ones — an overloaded server that answers 503 at once must not look
 * fast because of them. The server's own figures between two scrapes of {@code /metrics} go with each row: Argon2
 * time on its thread, the wait for a thread, and the sign-ins refused at admission or dropped unhashed.
 *
 * <p>Its own open-model loop (the generator's records every answer in one histogram); requests are sent through
 * {@link LoadGenerator#send}. The table goes to {@code <results>/<stamp>-login-flood.md} and into the run's rows.
 */
final class LoginFlood {

  private static final Logger LOG = LoggerFactory.getLogger(LoginFlood.class);
  private static final long MAX_RECORDED_NS = TimeUnit.SECONDS.toNanos(60);
  private static final long DRAIN_GRACE_NS = TimeUnit.SECONDS.toNanos(35);
  private static final int MAX_IN_FLIGHT = 5_000;

  private final Vertx vertx;
  private final LoadGenerator load;
  private final RequestFactory login;
  private final Supplier<String> scrape;
  private final Duration duration;
  private final int capacityWorkers;
  private final double[] multiples;

  /** One offered load's outcome. */
  record Row(double multiple, double offered, long sent, double seconds, long ok, long refused, long other,
      Histogram accepted, Map<Integer, Long> statuses, String server, String loadAverage) {

    double goodput() {
      return ok / seconds;
    }

    double refusedPerSecond() {
      return refused / seconds;
    }

    double acceptedMs(double percentile) {
      return accepted.getTotalCount() == 0 ? Double.NaN : accepted.getValueAtPercentile(percentile) / 1e6;
    }
  }

  LoginFlood(Vertx vertx, LoadGenerator load, RequestFactory login, Supplier<String> scrape, Duration duration,
      int capacityWorkers) {
    this.vertx = vertx;
    this.load = load;
    this.login = login;
    this.scrape = scrape;
    this.duration = duration;
    this.capacityWorkers = capacityWorkers;
    this.multiples = Arrays.stream(System.getenv().getOrDefault("BENCH_FLOOD_MULTIPLES", "0.5,1,2,5").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray();
  }

  /**
   * Measures capacity, then each multiple (after {@code settle} of idle time), and writes the table to {@code file}.
   * Returns the rows as load results for the run's report.
   */
  List<LoadResult> run(Duration warmUp, Duration settle, Path file) throws IOException, InterruptedException {
    load.closed("warm-up", login, capacityWorkers, warmUp).await();
    String before = scrape.get();
    LoadResult capacityRun = load.closed("login flood: capacity", login, capacityWorkers, duration).await();
    double capacity = capacityRun.achievedRate();
    List<LoadResult> results = new ArrayList<>();
    results.add(capacityRun.withNote(serverNote(before, scrape.get())));
    LOG.info("login capacity {} /s (closed loop, {} workers)", String.format(Locale.ROOT, "%.1f", capacity), capacityWorkers);
    List<Row> rows = new ArrayList<>();
    for (double multiple : multiples) {
      Thread.sleep(settle.toMillis());
      double rate = Math.max(1, capacity * multiple);
      String scrapeBefore = scrape.get();
      Row row = open(multiple, rate).await();
      row = new Row(row.multiple(), row.offered(), row.sent(), row.seconds(), row.ok(), row.refused(), row.other(),
          row.accepted(), row.statuses(), serverNote(scrapeBefore, scrape.get()), loadAverage());
      LOG.info("  {}× capacity: {}", multiple, line(row));
      rows.add(row);
      results.add(new LoadResult("login flood " + multiple + "× capacity (accepted logins' latency)", "open", rate, 0,
          row.goodput(), row.sent(), row.ok(), row.sent() - row.ok(), row.acceptedMs(50), row.acceptedMs(90),
          row.acceptedMs(99), row.accepted().getTotalCount() == 0 ? Double.NaN : row.accepted().getMaxValue() / 1e6,
          row.statuses(), String.format(Locale.ROOT, "503/s %.1f; %s; load avg %s", row.refusedPerSecond(), row.server(),
              row.loadAverage()), "", null));
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, markdown(capacityRun, rows));
    return results;
  }

  private static String line(Row r) {
    return String.format(Locale.ROOT, "offered %.1f/s, goodput %.1f/s, 503 %.1f/s, other %d, accepted p50 %.1f / p99 %.1f ms",
        r.offered(), r.goodput(), r.refusedPerSecond(), r.other(), r.acceptedMs(50), r.acceptedMs(99));
  }

  private String markdown(LoadResult capacity, List<Row> rows) {
    StringBuilder md = new StringBuilder("# Login flood\n\n");
    md.append(String.format(Locale.ROOT, "capacity (closed loop, %d workers, %d s): %.1f logins/s, p50 %.1f / p99 %.1f ms; %s%n%n",
        capacityWorkers, duration.toSeconds(), capacity.achievedRate(), capacity.p50(), capacity.p99(), capacity.note()));
    md.append("| offered | offered/s | goodput/s | 503/s | other non-2xx | accepted p50 ms | accepted p99 ms | load avg (1/5/15 min) |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s× | %.1f | %.1f | %.1f | %d | %.1f | %.1f | %s |%n", trim(r.multiple()),
          r.offered(), r.goodput(), r.refusedPerSecond(), r.other(), r.acceptedMs(50), r.acceptedMs(99), r.loadAverage()));
    }
    md.append('\n');
    for (Row r : rows) {
      md.append("- ").append(trim(r.multiple())).append("×: statuses ").append(r.statuses()).append("; ")
          .append(r.server()).append('\n');
    }
    return md.toString();
  }

  private static String trim(double multiple) {
    return multiple == Math.rint(multiple) ? Long.toString((long) multiple) : Double.toString(multiple);
  }

  /** What the server measured between two scrapes: Argon2 on its thread, the wait for one, admission counters. */
  static String serverNote(String before, String after) {
    ServerHistogram hash = ServerHistogram.parse(after, "olympus_auth_password_hash_seconds")
        .since(ServerHistogram.parse(before, "olympus_auth_password_hash_seconds"));
    ServerHistogram wait = ServerHistogram.parse(after, "olympus_auth_password_hash_wait_seconds")
        .since(ServerHistogram.parse(before, "olympus_auth_password_hash_wait_seconds"));
    String hashes = hash.count() > 0
        ? "server: Argon2 on its thread " + hash.summary() + ", wait for a thread " + wait.summary()
        : "server Argon2 histogram not available";
    return hashes + String.format(Locale.ROOT, ", refused at admission %.0f, dropped unhashed %.0f, refused by the hasher %.0f",
        counter(after, "olympus_login_admission_rejected_total") - counter(before, "olympus_login_admission_rejected_total"),
        counter(after, "olympus_login_admission_dropped_total") - counter(before, "olympus_login_admission_dropped_total"),
        counter(after, "olympus_auth_password_hash_rejected_total") - counter(before, "olympus_auth_password_hash_rejected_total"));
  }

  /** The sum of a counter's series in a scrape (0 when absent). */
  private static double counter(String scrape, String name) {
    double sum = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
      }
    }
    return sum;
  }

  private static String loadAverage() {
    try {
      return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+"), 3));
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Constant arrival rate for {@link #duration}; answers split into accepted (2xx), 503 and the rest. */
  private Future<Row> open(double multiple, double rate) {
    Promise<Row> promise = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> new OpenRun(multiple, rate, promise).start());
    return promise.future();
  }

  /** State of one open-model run; touched only on its own event-loop context. */
  private final class OpenRun {
    private final double multiple;
    private final double rate;
    private final Promise<Row> promise;
    private final Histogram accepted = new Histogram(MAX_RECORDED_NS, 3);
    private final Map<Integer, Long> statuses = new HashMap<>();
    private long total;
    private double intervalNs;
    private long start;
    private long deadline;
    private long lastEnd;
    private long sent;
    private long inFlight;
    private long ok;
    private long refused;
    private long other;
    private long timer;
    private boolean finished;

    OpenRun(double multiple, double rate, Promise<Row> promise) {
      this.multiple = multiple;
      this.rate = rate;
      this.promise = promise;
    }

    void start() {
      total = Math.max(1, Math.round(rate * duration.toMillis() / 1000.0));
      intervalNs = 1e9 / rate;
      start = System.nanoTime();
      lastEnd = start;
      deadline = start + duration.toNanos() + DRAIN_GRACE_NS;
      timer = vertx.setPeriodic(1, id -> tick());
    }

    private void tick() {
      long now = System.nanoTime();
      while (sent < total) {
        long intended = start + (long) (sent * intervalNs);
        if (intended > now) {
          break;
        }
        fire(sent, intended);
        sent++;
      }
      if ((sent == total && inFlight == 0) || now > deadline) {
        finish();
      }
    }

    private void fire(long i, long intended) {
      if (inFlight >= MAX_IN_FLIGHT) {
        other++;
        statuses.merge(LoadGenerator.DROPPED, 1L, Long::sum);
        return;
      }
      inFlight++;
      load.send(login.next(i)).onComplete(ar -> {
        if (finished) {
          return;
        }
        inFlight--;
        long end = System.nanoTime();
        lastEnd = Math.max(lastEnd, end);
        int status = ar.succeeded() ? ar.result().status() : LoadGenerator.TRANSPORT_ERROR;
        statuses.merge(status, 1L, Long::sum);
        if (ar.succeeded() && ar.result().ok()) {
          ok++;
          accepted.recordValue(Math.min(end - intended, MAX_RECORDED_NS));
        } else if (status == 503) {
          refused++;
        } else {
          other++;
        }
      });
    }

    private void finish() {
      if (finished) {
        return;
      }
      finished = true;
      vertx.cancelTimer(timer);
      if (inFlight > 0) {
        other += inFlight;
        statuses.merge(LoadGenerator.TRANSPORT_ERROR, inFlight, Long::sum);
      }
      // rates over the offered window, or longer when the last answers came after it
      double seconds = Math.max(duration.toNanos(), lastEnd - start) / 1e9;
      promise.complete(new Row(multiple, rate, sent, seconds, ok, refused, other, accepted, statuses, "", ""));
    }
  }
}
