package io.olympus.bench;

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
    Promise<LoadResult> promise = Promise.promise();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> new OpenRun(scenario, factory, rate, duration, promise).start());
    return promise.future();
  }

  /** {@code concurrency} workers, each sending its next request when the previous one answered. */
  public Future<LoadResult> closed(String scenario, RequestFactory factory, int concurrency, Duration duration) {
    Promise<LoadResult> promise = Promise.promise();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> new ClosedRun(scenario, factory, concurrency, duration, promise).start());
    return promise.future();
  }

  public Future<Void> close() {
    return client.close();
  }

  private static Histogram histogram() {
    return new Histogram(MAX_RECORDED_NS, 3);
  }

  /** State of one open-model run; touched only on its own event-loop context. */
  private final class OpenRun {
    private final String scenario;
    private final RequestFactory factory;
    private final double rate;
    private final Duration duration;
    private final Promise<LoadResult> promise;
    private final Histogram histogram = histogram();
    private final Map<Integer, Long> statuses = new HashMap<>();
    private long total;
    private double intervalNs;
    private long start;
    private long deadline;
    private long lastEnd;
    private long sent;
    private long inFlight;
    private long ok;
    private long errors;
    private long timer;
    private boolean finished;
    private long startEpochMs;
    private long[] worstPerSecond;

    OpenRun(String scenario, RequestFactory factory, double rate, Duration duration, Promise<LoadResult> promise) {
      this.scenario = scenario;
      this.factory = factory;
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
        errors++;
        statuses.merge(DROPPED, 1L, Long::sum);
        return;
      }
      inFlight++;
      send(factory.next(i)).onComplete(ar -> {
        if (finished) {
          return;
        }
        inFlight--;
        long end = System.nanoTime();
        lastEnd = Math.max(lastEnd, end);
        long latency = Math.min(end - intended, MAX_RECORDED_NS);
        histogram.recordValue(latency);
        int second = (int) Math.min(worstPerSecond.length - 1, (intended - start) / 1_000_000_000L);
        worstPerSecond[second] = Math.max(worstPerSecond[second], latency);
        int status = ar.succeeded() ? ar.result().status() : TRANSPORT_ERROR;
        statuses.merge(status, 1L, Long::sum);
        if (ar.succeeded() && ar.result().ok()) {
          ok++;
        } else {
          errors++;
        }
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
        errors += inFlight;
        statuses.merge(TRANSPORT_ERROR, inFlight, Long::sum);
        note = inFlight + " still in flight at the deadline";
      }
      String windows = worstWindows();
      if (!windows.isEmpty()) {
        note = note.isEmpty() ? windows : note + "; " + windows;
      }
      double seconds = (lastEnd - start) / 1e9;
      promise.complete(LoadResult.of(scenario, "open", rate, 0, seconds, histogram, ok, errors, statuses, note,
          worstPerSecond.clone()));
    }
  }

  /** State of one closed-loop run; touched only on its own event-loop context. */
  private final class ClosedRun {
    private final String scenario;
    private final RequestFactory factory;
    private final int concurrency;
    private final Duration duration;
    private final Promise<LoadResult> promise;
    private final Histogram histogram = histogram();
    private final Map<Integer, Long> statuses = new HashMap<>();
    private long start;
    private long end;
    private long next;
    private long ok;
    private long errors;
    private int running;

    ClosedRun(String scenario, RequestFactory factory, int concurrency, Duration duration, Promise<LoadResult> promise) {
      this.scenario = scenario;
      this.factory = factory;
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
          promise.complete(LoadResult.of(scenario, "closed", Double.NaN, concurrency, seconds, histogram, ok, errors,
              statuses, "", null));
        }
        return;
      }
      send(factory.next(next++)).onComplete(ar -> {
        histogram.recordValue(Math.min(System.nanoTime() - sentAt, MAX_RECORDED_NS));
        int status = ar.succeeded() ? ar.result().status() : TRANSPORT_ERROR;
        statuses.merge(status, 1L, Long::sum);
        if (ar.succeeded() && ar.result().ok()) {
          ok++;
        } else {
          errors++;
        }
        loop();
      });
    }
  }
}
