package io.olympus.app.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.app.fuzz.ContractWalker.Op;
import io.olympus.app.fuzz.HostileCases.Case;
import io.olympus.auth.AuthService;
import io.olympus.auth.login.service.MfaGate;
import io.olympus.commerce.CommerceService;
import io.olympus.common.metrics.MetricsSupport;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.PlatformService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks every operation of the three OpenAPI documents with hostile values ({@link HostileCases}), as the owner of a
 * tenant (so requests reach the handlers) and without credentials, against the real services. No answer may be a 5xx
 * (a 501 for an operation a service does not serve yet aside), none may hang, and no body may carry a stack trace.
 */
class ContractFuzzTest {

  private static final Logger LOG = LoggerFactory.getLogger(ContractFuzzTest.class);
  private static final String PASSWORD = "correct horse battery staple 42";
  private static final int CONCURRENCY = 4;
  private static final long TIMEOUT_MS = 15_000;

  private final Map<String, Integer> ports = new java.util.HashMap<>();
  private final Map<String, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
  private HttpClient client;

  private Vertx vertx;
  /** The client side runs on a Vert.x of its own, as an outside client would. */
  private Vertx clientVertx;

  @BeforeEach
  void setUp() {
    // with the process's metrics, so the scrape size after the walk can be reported
    vertx = MetricsSupport.configure(Vertx.builder()).build();
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    Redis redis = RedisClients.create(vertx, infra.redisUrl(), 1);
    redis.send(Request.cmd(Command.FLUSHDB)).await();
    redis.close();
    for (String service : List.of("auth", "platform", "commerce")) {
      ports.put(service, free());
    }
    ServiceContext context = ServiceHarness.context(vertx, Map.of("AUTH_PORT", ports.get("auth").toString(),
        "PLATFORM_PORT", ports.get("platform").toString(), "COMMERCE_PORT", ports.get("commerce").toString()));
    JsonObject authSettings = new JsonObject().put("AUTH_ARGON2_MEMORY_KIB", "8192").put("AUTH_ARGON2_ITERATIONS", "1")
        .put("AUTH_FAILURE_DELAY_MAX_MS", "0");
    new PlatformService().deploy(vertx, context).await();
    new AuthService(authSettings, MfaGate.NONE).deploy(vertx, context).await();
    new CommerceService().deploy(vertx, context).await();
    clientVertx = Vertx.vertx();
    // a connection per request: a keep-alive connection reused right after an answer could leave the client waiting
    // for ever on Vert.x 5.0's client (seen in about one suite run in three), which is not what this test is about
    client = clientVertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setIdleTimeout(30)
            .setKeepAlive(false),
        new PoolOptions().setHttp1MaxSize(CONCURRENCY * 3));
  }

  @AfterEach
  void tearDown() {
    client.close().await();
    clientVertx.close().await();
    vertx.close().await();
  }

  @Test
  void shouldAnswerEveryHostileRequestToEveryOperationWithoutA5xxAHangOrAStackTrace() {
    JsonObject signUp = new JsonObject(send("platform", new Case("sign-up", "POST", "/api/v1/tenants",
        new JsonObject().put("slug", "fuzz").put("name", "Fuzz").put("plan", "enterprise")
            .put("owner", new JsonObject().put("email", "owner@fuzz.example").put("password", PASSWORD)
                .put("display_name", "Owner")).encode()), "").await().body());
    String bearer = "Bearer " + signUp.getString("access_token");
    String tenantId = signUp.getJsonObject("tenant").getString("id");
    Map<String, String> knownIds = Map.of("tenant_id", tenantId);

    List<Task> tasks = new ArrayList<>();
    for (String service : List.of("commerce", "platform", "auth")) {
      // the served document: commerce's slices live in files of their own, merged only when served
      String yaml = send(service, new Case("contract", "GET", "/openapi.yaml", null), "").await().body();
      List<Op> ops = new ArrayList<>(ContractWalker.served(service, yaml).operations());
      // reads first, then writes, deletes last: a hostile value that passes validation should not end the session
      ops.sort(Comparator.comparingInt(op -> List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE").indexOf(op.method())));
      for (Op op : ops) {
        List<Case> cases = HostileCases.of(op, knownIds);
        for (int i = 0; i < cases.size(); i++) {
          tasks.add(new Task(service, op, cases.get(i), bearer));
          if (i % 3 == 0) {
            tasks.add(new Task(service, op, cases.get(i), ""));
          }
        }
      }
    }
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    AtomicInteger reachedHandlers = new AtomicInteger();
    long started = System.nanoTime();
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < CONCURRENCY; w++) {
      workers.add(work(tasks, next, failures, reachedHandlers));
    }
    Future.all(workers).await();
    LOG.info("contract fuzz: {} requests in {} ms, {} beyond validation; statuses {}", tasks.size(),
        (System.nanoTime() - started) / 1_000_000, reachedHandlers.get(), new java.util.TreeMap<>(statuses));
    String scrape = MetricsSupport.registry().scrape();
    LOG.info("metrics after the walk: {} bytes, {} series lines", scrape.getBytes(java.nio.charset.StandardCharsets.UTF_8)
        .length, scrape.lines().filter(l -> !l.startsWith("#")).count());

    assertThat(failures).as("%d of %d hostile requests failed", failures.size(), tasks.size()).isEmpty();
    assertThat(reachedHandlers.get()).as("requests that passed validation").isPositive();
  }

  private record Task(String service, Op op, Case hostile, String bearer) {}

  private record Answer(int status, String body) {}

  private Future<Void> work(List<Task> tasks, AtomicInteger next, List<String> failures, AtomicInteger reached) {
    int index = next.getAndIncrement();
    if (index >= tasks.size()) {
      return Future.succeededFuture();
    }
    Task task = tasks.get(index);
    return send(task.service(), task.hostile(), task.bearer())
        .map(answer -> {
          String what = task.op().method() + " " + task.op().path() + " [" + task.hostile().label() + "]"
              + (task.bearer().isEmpty() ? " unauthenticated" : " as owner");
          statuses.merge(task.service() + (task.bearer().isEmpty() ? " anon " : " owner ") + answer.status(), 1,
              Integer::sum);
          if (answer.status() >= 500 && !(answer.status() == 501 && answer.body().contains("not-implemented"))) {
            failures.add(what + " → " + answer.status() + " " + abbreviate(answer.body()));
          } else if (answer.body().contains("Exception") || answer.body().contains("\tat ")) {
            failures.add(what + " → body with a stack trace: " + abbreviate(answer.body()));
          }
          if (answer.status() != 400 && answer.status() != 401 && answer.status() != 414 && answer.status() != 413) {
            reached.incrementAndGet();
          }
          return (Void) null;
        })
        .recover(e -> {
          failures.add(task.op().method() + " " + task.op().path() + " [" + task.hostile().label() + "] → " + e);
          return Future.succeededFuture();
        })
        .compose(v -> work(tasks, next, failures, reached));
  }

  private Future<Answer> send(String service, Case hostile, String bearer) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.valueOf(hostile.method()))
        .setPort(ports.get(service))
        .setHost("127.0.0.1")
        .setURI(hostile.uri())
        .setConnectTimeout(TIMEOUT_MS)
        .setIdleTimeout(TIMEOUT_MS);
    if (!bearer.isEmpty()) {
      options.putHeader("Authorization", bearer);
    }
    if (hostile.body() != null) {
      options.putHeader("Content-Type", "application/json");
    }
    // bounded as a whole: connecting, sending and reading the answer (the idle timeout alone does not cover the wait
    // for a connection)
    return client.request(options)
        .compose(request -> hostile.body() == null ? request.send() : request.send(Buffer.buffer(hostile.body())))
        .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body.toString())))
        .timeout(2 * TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture(new IllegalStateException(hostile.method() + " " + service + " "
            + abbreviate(hostile.uri()) + " had no answer: " + err, err)));
  }

  private static String abbreviate(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }

  private static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
