package io.olympus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.db.DatabaseUrl;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auth, platform and commerce as three processes of the packaged {@code target/olympus.jar}, clustered over Hazelcast
 * (TCP-IP member list on 127.0.0.1) and sharing the test PostgreSQL and Redis. A tenant signs up, logs in, creates a
 * product, stocks it and places an order across the processes; then the platform process is killed with SIGKILL:
 * the tenant the other processes have cached still logs in and reads its product, a request that needs the platform
 * answers 503 + {@code Retry-After}, and no request waits anywhere near a hang. The platform is started again and a
 * request that needs it succeeds within a bounded wait.
 */
class ClusteredProcessesIT {

  private static final Logger LOG = LoggerFactory.getLogger(ClusteredProcessesIT.class);

  private static final String PASSWORD = "correct horse battery staple 42";
  private static final String STARTED_LINE = "Olympus started in";
  /** Safety bounds only: a hung child process must not hang the build. */
  private static final long START_BOUND_SECONDS = 120;
  /** Far above the bus deadline (1.5 s): a request slower than this is a hang, not a slow answer. */
  private static final Duration HANG_BOUND = Duration.ofSeconds(5);
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(45);

  private enum Service { AUTH, PLATFORM, COMMERCE }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<Service, Node> nodes = new EnumMap<>(Service.class);
  private final Map<Service, Integer> httpPorts = new EnumMap<>(Service.class);
  private final Map<Service, Integer> clusterPorts = new EnumMap<>(Service.class);
  private final List<String> durations = new ArrayList<>();
  private String clusterName;
  private String members;

  /** One child process and everything it printed. */
  private record Node(Service service, Process process, List<String> output, CountDownLatch started) {

    String log() {
      return String.join("\n", output);
    }
  }

  @AfterEach
  void killProcesses() throws InterruptedException {
    for (Node node : nodes.values()) {
      node.process().destroyForcibly();
    }
    for (Node node : nodes.values()) {
      node.process().waitFor(10, TimeUnit.SECONDS);
    }
    LOG.info("request durations:\n  {}", String.join("\n  ", durations));
  }

  @Test
  void servesAFlowAcrossThreeProcessesAndAnswers503WithoutHangingWhileThePlatformIsKilled() throws Exception {
    TestInfra infra = TestInfra.get();
    for (Service service : Service.values()) {
      httpPorts.put(service, TestPorts.free());
      clusterPorts.put(service, TestPorts.free());
    }
    clusterName = "olympus-it-" + clusterPorts.get(Service.AUTH);
    members = String.join(",", clusterPorts.values().stream().map(port -> "127.0.0.1:" + port).toList());
    for (Service service : Service.values()) {
      nodes.put(service, launch(service, infra));
    }
    for (Node node : nodes.values()) {
      awaitStarted(node);
    }

    // --- the flow across processes: platform → auth → commerce (→ platform over the bus)
    String slug = "acme-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> signedUp = signUpUntilClustered(slug);
    assertThat(signedUp.statusCode()).as(signedUp.body()).isEqualTo(201);

    HttpResponse<String> login = login(slug);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    String token = json(login).getString("access_token");

    HttpResponse<String> location = send(Service.PLATFORM, "POST", "/api/v1/locations", token, null,
        new JsonObject().put("code", "hq").put("name", "Head office"));
    assertThat(location.statusCode()).as(location.body()).isEqualTo(201);
    String locationId = json(location).getString("id");

    HttpResponse<String> product = send(Service.COMMERCE, "POST", "/api/v1/products", token, null,
        new JsonObject().put("title", "Lamp").put("status", "active").put("variants", new JsonArray()
            .add(new JsonObject().put("sku", "LAMP-1")
                .put("price", new JsonObject().put("amount", 1_250).put("currency", "EUR")))));
    assertThat(product.statusCode()).as(product.body()).isEqualTo(201);
    String productId = json(product).getString("id");
    String variantId = json(product).getJsonArray("variants").getJsonObject(0).getString("id");

    HttpResponse<String> stocked = send(Service.COMMERCE, "POST", "/api/v1/inventory/adjustments", token, null,
        new JsonObject().put("variant_id", variantId).put("location_id", locationId).put("reason", "receive")
            .put("quantity", 10));
    assertThat(stocked.statusCode()).as(stocked.body()).isEqualTo(200);

    HttpResponse<String> order = send(Service.COMMERCE, "POST", "/api/v1/orders", token, "order-1", orderBody(variantId));
    assertThat(order.statusCode()).as(order.body()).isEqualTo(201);
    assertThat(json(order).getString("status")).isEqualTo("open");

    // a second tenant whose owner the commerce process has never seen: serving it needs the platform
    String otherSlug = "globex-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> other = signUp(otherSlug);
    assertThat(other.statusCode()).as(other.body()).isEqualTo(201);
    String otherToken = json(other).getString("access_token");

    // --- SIGKILL the platform process
    Node platform = nodes.get(Service.PLATFORM);
    platform.process().destroyForcibly();
    assertThat(platform.process().waitFor(10, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> cachedLogin = timed("login of the cached tenant (auth)", () -> login(slug));
    assertThat(cachedLogin.statusCode()).as(cachedLogin.body()).isEqualTo(200);
    String fresh = json(cachedLogin).getString("access_token");
    HttpResponse<String> read = timed("product read of the cached tenant (commerce)",
        () -> send(Service.COMMERCE, "GET", "/api/v1/products/" + productId, fresh, null, null));
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    // past the breaker's failure count: the first ones wait for the bus deadline, the rest are refused at once
    for (int i = 1; i <= 7; i++) {
      HttpResponse<String> refused = timed("products of the uncached tenant (commerce, needs platform) #" + i,
          () -> send(Service.COMMERCE, "GET", "/api/v1/products", otherToken, null, null));
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/problem+json"));
    }
    HttpResponse<String> cachedAgain = timed("product read of the cached tenant (commerce, breaker open)",
        () -> send(Service.COMMERCE, "GET", "/api/v1/products/" + productId, fresh, null, null));
    assertThat(cachedAgain.statusCode()).as(cachedAgain.body()).isEqualTo(200);

    // --- the platform comes back: a request that needs it succeeds again within a bounded wait
    Node restarted = launch(Service.PLATFORM, infra);
    nodes.put(Service.PLATFORM, restarted);
    awaitStarted(restarted);
    long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
    HttpResponse<String> recovered;
    int attempt = 0;
    do {
      attempt++;
      recovered = timed("products of the other tenant after the restart #" + attempt,
          () -> send(Service.COMMERCE, "GET", "/api/v1/products", otherToken, null, null));
      if (recovered.statusCode() == 503) {
        Thread.sleep(250);
      }
    } while (recovered.statusCode() == 503 && System.nanoTime() < deadline);
    assertThat(recovered.statusCode()).as("%s%n%s", recovered.body(), restarted.log()).isEqualTo(200);
    HttpResponse<String> platformRead = timed("tenant read on the restarted platform",
        () -> send(Service.PLATFORM, "GET", "/api/v1/me/permissions", fresh, null, null));
    assertThat(platformRead.statusCode()).as(platformRead.body()).isEqualTo(200);
  }

  private Node launch(Service service, TestInfra infra) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = System.getProperty("olympus.jar", "target/olympus.jar");
    ProcessBuilder builder = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
        "-Xmx384m", "-jar", jar).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("OLYMPUS_") || key.startsWith("DATABASE_")
        || key.startsWith("REDIS_") || key.startsWith("AUTH_") || key.endsWith("_PORT"));
    env.put("OLYMPUS_SERVICES", service.name().toLowerCase());
    env.put("OLYMPUS_DATA_DIR", Files.createTempDirectory("olympus-cluster-" + service.name().toLowerCase()).toString());
    env.put("DATABASE_URL", ownerAddress(infra.ownerUrl()));
    env.put("DATABASE_APP_PASSWORD", TestInfra.APP_PASSWORD);
    env.put("DATABASE_POOL_SIZE", "2");
    env.put("REDIS_URL", infra.redisUrl().connectionString());
    env.put("OLYMPUS_LOG_FORMAT", "text");
    env.put("OLYMPUS_HTTP_HOST", "127.0.0.1");
    env.put("OLYMPUS_HTTP_INSTANCES", "1");
    env.put("OLYMPUS_WORKER_POOL_SIZE", "4");
    env.put("OLYMPUS_MANAGEMENT_PORT", String.valueOf(TestPorts.free()));
    env.put("AUTH_PORT", String.valueOf(httpPorts.get(Service.AUTH)));
    env.put("PLATFORM_PORT", String.valueOf(httpPorts.get(Service.PLATFORM)));
    env.put("COMMERCE_PORT", String.valueOf(httpPorts.get(Service.COMMERCE)));
    env.put("OLYMPUS_CLUSTER", "true");
    env.put("OLYMPUS_CLUSTER_NAME", clusterName);
    env.put("OLYMPUS_CLUSTER_HOST", "127.0.0.1");
    env.put("OLYMPUS_CLUSTER_PORT", String.valueOf(clusterPorts.get(service)));
    env.put("OLYMPUS_CLUSTER_MEMBERS", members);
    // cheap hashes and no login throttling: the test measures the bus, not Argon2
    env.put("AUTH_ARGON2_MEMORY_KIB", "8192");
    env.put("AUTH_ARGON2_ITERATIONS", "1");
    env.put("AUTH_FAILURE_DELAY_MAX_MS", "0");
    Process child = builder.start();
    Node node = new Node(service, child, new CopyOnWriteArrayList<>(), new CountDownLatch(1));
    Thread reader = new Thread(() -> readOutput(node), "olympus-" + service.name().toLowerCase() + "-output");
    reader.setDaemon(true);
    reader.start();
    return node;
  }

  private static String ownerAddress(DatabaseUrl url) {
    String password = url.password() == null ? "" : ":" + URLEncoder.encode(url.password(), StandardCharsets.UTF_8);
    return "postgres://" + URLEncoder.encode(url.user(), StandardCharsets.UTF_8) + password + "@" + url.host() + ":"
        + url.port() + "/" + url.database();
  }

  private static void readOutput(Node node) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(node.process().getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        node.output().add(line);
        if (line.contains(STARTED_LINE)) {
          node.started().countDown();
        }
      }
    } catch (IOException e) {
      node.output().add("(output closed: " + e.getMessage() + ")");
    }
  }

  private static void awaitStarted(Node node) throws InterruptedException {
    boolean up = node.started().await(START_BOUND_SECONDS, TimeUnit.SECONDS);
    assertThat(up).as("%s start-up; output so far:%n%s", node.service(), node.log()).isTrue();
  }

  /**
   * Sign-up asks auth over the bus: until the members see each other's handlers it answers 503 (and leaves nothing).
   * At most 25 attempts, one a second: sign-up allows 30 per IP per hour, and the test signs up a second tenant.
   */
  private HttpResponse<String> signUpUntilClustered(String slug) throws Exception {
    HttpResponse<String> response = signUp(slug);
    for (int attempt = 1; attempt < 25 && response.statusCode() == 503; attempt++) {
      Thread.sleep(1_000);
      response = signUp(slug);
    }
    return response;
  }

  private HttpResponse<String> signUp(String slug) throws Exception {
    return send(Service.PLATFORM, "POST", "/api/v1/tenants", null, null, new JsonObject().put("slug", slug)
        .put("name", "Acme").put("plan", "pro").put("owner", new JsonObject()
            .put("email", "owner@" + slug + ".example").put("password", PASSWORD).put("display_name", "Owner")));
  }

  private HttpResponse<String> login(String slug) throws Exception {
    return send(Service.AUTH, "POST", "/api/v1/auth/login", null, null, new JsonObject().put("tenant_slug", slug)
        .put("email", "owner@" + slug + ".example").put("password", PASSWORD));
  }

  private static JsonObject orderBody(String variantId) {
    return new JsonObject().put("currency", "EUR").put("lines", new JsonArray()
        .add(new JsonObject().put("variant_id", variantId).put("quantity", 2)));
  }

  private HttpResponse<String> send(Service service, String method, String path, String token, String idempotencyKey,
      JsonObject body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + httpPorts.get(service) + path))
        // a hang shows as a failure here, not as a stuck build
        .timeout(Duration.ofSeconds(15))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @FunctionalInterface
  private interface Call {
    HttpResponse<String> send() throws Exception;
  }

  /** Sends, records how long the answer took, and asserts it came well within the hang bound. */
  private HttpResponse<String> timed(String what, Call call) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = call.send();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    durations.add("%-70s %3d in %5d ms".formatted(what, response.statusCode(), millis));
    assertThat(Duration.ofMillis(millis)).as("%s took %d ms", what, millis).isLessThan(HANG_BOUND);
    return response;
  }

  private static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }
}
