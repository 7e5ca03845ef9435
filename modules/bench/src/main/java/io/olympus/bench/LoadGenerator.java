package io.olympus.bench;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * HTTP load on 127.0.0.1, open model (constant arrival rate, latency measured from each request's
 * intended send time, so a stalled server cannot hide its queue: coordinated omission corrected) or
 * closed loop (fixed concurrency, for throughput). Every run is bounded in requests and in time.
 */
public final class LoadGenerator {

  private static final long MAX_RECORDED_NS = TimeUnit.SECONDS.toNanos(60);
  private static final long REQUEST_TIMEOUT_MS = 30_000;
  private static final long DRAIN_GRACE_NS = TimeUnit.SECONDS.toNanos(35);
  /** A status code for transport failures (connection refused, timeout, reset). */
  public static final int TRANSPORT_ERROR = -1;
  /** A status code for requests the generator could not send because too many were already in flight. */
  public static final int DROPPED = -2;

  private final Vertx vertx;
  private final HttpClient client;
  private final int maxInFlight;

  public LoadGenerator(Vertx vertx, int connections, int maxInFlight) {
    this.vertx = vertx;
    this.maxInFlight = maxInFlight;
    this.client = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(maxInFlight));
  }

  /** Sends one request; fails only on transport errors. */
  public Future<Response> send(Request request) {
    RequestOptions options = new RequestOptions()
        .setMethod(request.method())
        .setHost("127.0.0.1")
        .setPort(request.port())
        .setURI(request.uri())
        .setIdleTimeout(REQUEST_TIMEOUT_MS);
    if (request.bearer() != null) {
      options.putHeader("Authorization", "Bearer " + request.bearer());
    }
    if (request.body() != null) {
      options.putHeader("Content-Type", "application/json");
    }
    request.headers().forEach(options::putHeader);
    return client.request(options)
        .compose(req -> request.body() == null ? req.send() : req.send(request.body()))
        .compose(resp -> resp.body().map(body -> new Response(resp.statusCode(), body)));
  }

  /** Constant arrival rate for the given time: {@code rate × seconds} requests at evenly spaced intended times. */
  public Future<LoadResult> open(String scenario, RequestFactory factory, double rate, Duration duration) {
    return openJourneys(scenario, i -> send(factory.next(i)), rate, duration);
  }

  /** {@code concurrency} workers, each sending its next request when the previous one answered. */
  public Future<LoadResult> closed(String scenario, RequestFactory factory, int concurrency, Duration duration) {
    return closedJourneys(scenario, i -> send(factory.next(i)), concurrency, duration);
  }

  /**
   * {@link #open} of journeys (several requests one after the other, answered by the last one): the latency is the
   * whole journey's from its intended start.
   */
  public Future<LoadResult> openJourneys(String scenario, Journey journey, double rate, Duration duration) {
    Promise<LoadResult> promise = Promise.promise();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> new OpenRun(scenario, journey, rate, duration, promise).start());
    return promise.future();
  }

  /** {@link #closed} of journeys: each worker starts its next journey when the previous one ended. */
  public Future<LoadResult> closedJourneys(String scenario, Journey journey, int concurrency, Duration duration) {
    Promise<LoadResult> promise = Promise.promise();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> new ClosedRun(scenario, journey, concurrency, duration, promise).start());
    return promise.future();
  }

  /**
   * The i-th run of a scenario's requests: one request, or several sent one after the other; answers the last
   * answer (a journey that stops early answers the answer it stopped at). Runs on the generator's event loop.
   */
  @FunctionalInterface
  public interface Journey {
    Future<Response> start(long i);
  }

  public Future<Void> close() {
    return client.close();
  }

  private static Histogram histogram() {
    return new Histogram(MAX_RECORDED_NS, 3);
  }

  /** What one run's answers were: latencies, statuses, successes and errors. Touched on one event loop only. */
  static final class Tally {
    final Histogram histogram = histogram();
    final Map<Integer, Long> statuses = new HashMap<>();
    long ok;
    long errors;

    /** Records an answer (or a transport failure) that took {@code latencyNs}; answers the latency recorded. */
    long record(long latencyNs, AsyncResult<Response> answer) {
      long latency = Math.min(latencyNs, MAX_RECORDED_NS);
      histogram.recordValue(latency);
      int status = answer.succeeded() ? answer.result().status() : TRANSPORT_ERROR;
      statuses.merge(status, 1L, Long::sum);
      if (answer.succeeded() && answer.result().ok()) {
        ok++;
      } else {
        errors++;
      }
      return latency;
    }

    /** Counts {@code count} requests that failed with {@code status} without a latency (dropped, cut off). */
    void fail(int status, long count) {
      errors += count;
      statuses.merge(status, count, Long::sum);
    }

    LoadResult result(String scenario, String model, double rate, int concurrency, double seconds, String note,
                      long[] slowestPerSecondNs) {
      return LoadResult.of(scenario, model, rate, concurrency, seconds, histogram, ok, errors, statuses, note,
          slowestPerSecondNs);
    }
  }

  /** State of one open-model run; touched only on its own event-loop context. */
  private final class OpenRun {
    private final String scenario;
    private final Journey journey;
    private final double rate;
    private final Duration duration;
    private final Promise<LoadResult> promise;
    private final Tally tally = new Tally();
    private long total;
    private double intervalNs;
    private long start;
    private long deadline;
    private long lastEnd;
    private long sent;
    private long inFlight;
    private long timer;
    private boolean finished;
    private long startEpochMs;
    private long[] worstPerSecond;

    OpenRun(String scenario, Journey journey, double rate, Duration duration, Promise<LoadResult> promise) {
      this.scenario = scenario;
      this.journey = journey;
      this.rate = rate;
      this.duration = duration;
      this.promise = promise;
    }

    void start() {
      total = Math.max(1, Math.round(rate * duration.toMillis() / 1000.0));
      intervalNs = 1e9 / rate;
      start = System.nanoTime();
      startEpochMs = System.currentTimeMillis();
      worstPerSecond = new long[(int) Math.max(1, duration.toSeconds() + 1)];
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
      if (inFlight >= maxInFlight) {
        tally.fail(DROPPED, 1);
        return;
      }
      inFlight++;
      journey.start(i).onComplete(ar -> {
        if (finished) {
          return;
        }
        inFlight--;
        long end = System.nanoTime();
        lastEnd = Math.max(lastEnd, end);
        long latency = tally.record(end - intended, ar);
        int second = (int) Math.min(worstPerSecond.length - 1, (intended - start) / 1_000_000_000L);
        worstPerSecond[second] = Math.max(worstPerSecond[second], latency);
      });
    }

    /**
     * The (at most three) one-second windows of intended send time whose slowest answer took longest, with their
     * wall-clock start, so a stall can be matched with a GC or database log; empty when no window exceeded 10 ms.
     */
    private String worstWindows() {
      List<Integer> seconds = new ArrayList<>();
      for (int i = 0; i < worstPerSecond.length; i++) {
        if (worstPerSecond[i] > TimeUnit.MILLISECONDS.toNanos(10)) {
          seconds.add(i);
        }
      }
      if (seconds.isEmpty()) {
        return "";
      }
      seconds.sort((a, b) -> Long.compare(worstPerSecond[b], worstPerSecond[a]));
      DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss")
          .withZone(ZoneOffset.UTC);
      StringBuilder out = new StringBuilder("slowest 1-s windows (max ms @ UTC): ");
      for (int k = 0; k < Math.min(3, seconds.size()); k++) {
        int i = seconds.get(k);
        out.append(k == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "%.0f @ %s", worstPerSecond[i] / 1e6,
                clock.format(Instant.ofEpochMilli(startEpochMs + i * 1000L))));
      }
      return out.append(" (").append(seconds.size()).append(" of ").append(worstPerSecond.length)
          .append(" windows over 10 ms)").toString();
    }

    private void finish() {
      if (finished) {
        return;
      }
      finished = true;
      vertx.cancelTimer(timer);
      String note = "";
      if (inFlight > 0) {
        tally.fail(TRANSPORT_ERROR, inFlight);
        note = inFlight + " still in flight at the deadline";
      }
      String windows = worstWindows();
      if (!windows.isEmpty()) {
        note = note.isEmpty() ? windows : note + "; " + windows;
      }
      double seconds = (lastEnd - start) / 1e9;
      promise.complete(tally.result(scenario, "open", rate, 0, seconds, note, worstPerSecond.clone()));
    }
  }

  /** State of one closed-loop run; touched only on its own event-loop context. */
  private final class ClosedRun {
    private final String scenario;
    private final Journey journey;
    private final int concurrency;
    private final Duration duration;
    private final Promise<LoadResult> promise;
    private final Tally tally = new Tally();
    private long start;
    private long end;
    private long next;
    private int running;

    ClosedRun(String scenario, Journey journey, int concurrency, Duration duration, Promise<LoadResult> promise) {
      this.scenario = scenario;
      this.journey = journey;
      this.concurrency = concurrency;
      this.duration = duration;
      this.promise = promise;
    }

    void start() {
      start = System.nanoTime();
      end = start + duration.toNanos();
      running = concurrency;
      for (int w = 0; w < concurrency; w++) {
        loop();
      }
    }

    private void loop() {
      long sentAt = System.nanoTime();
      if (sentAt >= end) {
        running--;
        if (running == 0) {
          double seconds = (System.nanoTime() - start) / 1e9;
          promise.complete(tally.result(scenario, "closed", Double.NaN, concurrency, seconds, "", null));
        }
        return;
      }
      journey.start(next++).onComplete(ar -> {
        tally.record(System.nanoTime() - sentAt, ar);
        loop();
      });
    }
  }
}
