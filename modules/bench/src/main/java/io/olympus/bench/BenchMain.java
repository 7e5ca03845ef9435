package io.olympus.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark run: starts the packaged Olympus jar and the fixture server as child processes on a
 * temporary data dir, seeds the catalog and users through SQL, runs every scenario (each on its own;
 * an endpoint that answers 404/405/501 is reported as not available), and writes
 * {@code bench/results/<timestamp>.md}. Settings come from {@code BENCH_*} environment variables.
 */
public final class BenchMain {

  private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);
  private static final String PASSWORD = "Bench-Passw0rd-correct-horse";
  private static final String OWNER_EMAIL = "owner@bench.test";
  private static final String APP_USER = "olympus_app";
  private static final String APP_PASSWORD = "olympus_app_dev";

  private final int products = env("BENCH_PRODUCTS", 50_000);
  private final int variantsPerProduct = env("BENCH_VARIANTS_PER_PRODUCT", 2);
  private final int users = env("BENCH_USERS", 3_000);
  private final int seconds = env("BENCH_SECONDS", 20);
  private final int warmSeconds = env("BENCH_WARMUP_SECONDS", 30);
  private static final int GENERATOR_WARMUP_SECONDS = 10;
  /** Open-model warm-up before the login-at-half-capacity run (at most {@code BENCH_WARMUP_SECONDS}). */
  private static final int LOGIN_OPEN_WARMUP_SECONDS = 10;
  /** Idle time before each login-group scenario, so the previous one's after-work (outbox relay, events) is done. */
  private final int settleSeconds = env("BENCH_SETTLE_SECONDS", 5);
  private final int rate = env("BENCH_RATE", 100);
  private final int searchRate = env("BENCH_SEARCH_RATE", 20);
  private final int concurrency = env("BENCH_CONCURRENCY", 16);
  private final int floodConcurrency = env("BENCH_FLOOD_CONCURRENCY", 32);
  /** The bulkhead check's cheap GET on the platform service (e.g. {@code /health/live} to take Redis and the token out). */
  private final String cheapPath = Optional.ofNullable(System.getenv("BENCH_CHEAP_PATH")).orElse("/api/v1/me/permissions");
  private final int cores = Runtime.getRuntime().availableProcessors();
  private final List<String> jvmFlags = Arrays.asList(Optional.ofNullable(System.getenv("BENCH_JVM_FLAGS"))
      .orElse("-XX:+UseSerialGC -Xss512k -Xms256m -Xmx256m -Xmn32m").trim().split("\\s+"));
  /** Extra flags for the Olympus child only (a JFR recording, GC logging), after {@code BENCH_JVM_FLAGS}. */
  private final List<String> olympusExtraFlags = Optional.ofNullable(System.getenv("BENCH_OLYMPUS_EXTRA_FLAGS"))
      .map(String::trim).filter(v -> !v.isEmpty()).map(v -> Arrays.asList(v.split("\\s+"))).orElse(List.of());
  private final Path olympusJar = Path.of(Optional.ofNullable(System.getenv("OLYMPUS_JAR")).orElse("modules/app/target/olympus.jar"));
  private final Path resultsDir = Path.of(Optional.ofNullable(System.getenv("BENCH_RESULTS_DIR")).orElse("bench/results"));

  private final List<LoadResult> results = new ArrayList<>();
  /** Resident set size of the Olympus process, sampled through the run. */
  private RssSampler rss;
  /** Scheduler statistics of the machine's threads, read before and after each measured run. */
  private SchedStats sched;
  /** Flame graphs of the measured runs ({@code BENCH_PROFILE}), or null. */
  private Profiler profiler;
  private long startRssMb;
  private final List<String> notes = new ArrayList<>();
  private Vertx vertx;
  private LoadGenerator load;
  private int authPort;
  private int platformPort;
  private int commercePort;
  private int managementPort;
  private int fixturePort;
  private int pgPort;
  private UUID tenantId;
  private String tenantSlug;
  private String token;
  private String fixtureToken;

  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    new BenchMain().run();
  }

  private void run() throws Exception {
    if (!Files.isRegularFile(olympusJar)) {
      throw new IllegalStateException("no Olympus jar at " + olympusJar.toAbsolutePath()
          + ": build it with ./mvnw -q -pl modules/app -am package -DskipTests");
    }
    String loadBefore = loadAverage();
    Instant started = Instant.now();
    Path work = Files.createTempDirectory("olympus-bench-");
    authPort = freePort();
    platformPort = freePort();
    commercePort = freePort();
    managementPort = freePort();
    fixturePort = freePort();
    pgPort = freePort();
    vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1)).build();
    load = new LoadGenerator(vertx, 256, 5_000);
    LOG.info("work dir {} (Olympus and fixture logs, pgbench logs, data)", work);
    try (ChildProcess olympus = ChildProcess.startJava("olympus", olympusFlags(), List.of("-jar", olympusJar.toString()),
        Map.ofEntries(Map.entry("OLYMPUS_DATA_DIR", work.resolve("data").toString()),
            Map.entry("AUTH_PORT", Integer.toString(authPort)),
            Map.entry("PLATFORM_PORT", Integer.toString(platformPort)),
            Map.entry("COMMERCE_PORT", Integer.toString(commercePort)),
            Map.entry("OLYMPUS_MANAGEMENT_PORT", Integer.toString(managementPort)),
            Map.entry("OLYMPUS_HTTP_HOST", "127.0.0.1"),
            Map.entry("OLYMPUS_EMBEDDED_POSTGRES_PORT", Integer.toString(pgPort)),
            Map.entry("OLYMPUS_LOG_FORMAT", "text"),
            Map.entry("OLYMPUS_LOG_LEVEL", "WARN"),
            // all load comes from 127.0.0.1: lift the per-IP and per-account abuse limits, or logins answer 429
            Map.entry("AUTH_RATE_LOGIN_IP_PER_MINUTE", "1000000"),
            Map.entry("AUTH_RATE_LOGIN_ACCOUNT_PER_MINUTE", "1000000"),
            Map.entry("AUTH_RATE_REGISTER_IP_PER_HOUR", "1000000"),
            // one token serves the whole run
            Map.entry("AUTH_ACCESS_TOKEN_TTL_SECONDS", "7200")),
        work.resolve("olympus.log"))) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> quietlyClose(olympus)));
      awaitReady(olympus, authPort, platformPort, commercePort);
      rss = new RssSampler(olympus.pid());
      sched = new SchedStats(olympus.pid());
      profiler = Profiler.of(olympus.pid(), System.getenv("BENCH_PROFILE"), work, resultsDir, stamp(started));
      if (profiler != null) {
        notes.add("async-profiler " + System.getenv("BENCH_PROFILE") + " profile of the Olympus process for each "
            + "measured run (BENCH_PROFILE): file named in the run's notes, next to this report");
      }
      Thread.sleep(5_000);
      startRssMb = rss.currentMb();
      String jar = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
      try (ChildProcess fixture = ChildProcess.startJava("fixture", jvmFlags,
          List.of("-cp", jar, FixtureServer.class.getName(), Integer.toString(fixturePort), Integer.toString(pgPort),
              APP_USER, APP_PASSWORD, "8", Integer.toString(2 * cores), "postgres", "postgres"),
          Map.of(), work.resolve("fixture.log"))) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> quietlyClose(fixture)));
        awaitFixture(fixture);
        signUpAndSeed();
        runScenarios(work);
      }
    } finally {
      if (rss != null) {
        rss.close();
      }
      load.close().await();
      vertx.close().await();
      if (System.getenv("BENCH_KEEP_DATA") == null) {
        deleteTree(work.resolve("data"));
      }
    }
    writeReport(started, loadBefore, loadAverage());
  }

  private void signUpAndSeed() {
    Seeder seeder = new Seeder(vertx, pgPort);
    seeder.liftPlanLimit("enterprise").await();
    notes.add("plan 'enterprise' API budget lifted in this bench database (all load is one tenant from one IP)");
    tenantSlug = "bench-" + System.currentTimeMillis();
    Response signUp = load.send(Request.post(platformPort, "/api/v1/tenants", null, new JsonObject()
        .put("slug", tenantSlug)
        .put("name", "Bench")
        .put("plan", "enterprise")
        .put("owner", new JsonObject().put("email", OWNER_EMAIL).put("password", PASSWORD)
            .put("display_name", "Bench Owner")))).await();
    if (signUp.status() == 201) {
      JsonObject body = signUp.json();
      tenantId = UUID.fromString(body.getJsonObject("tenant").getString("id"));
      token = body.getString("access_token");
      notes.add("tenant created through POST /api/v1/tenants (sign-up)");
    } else {
      tenantId = Seeder.md5Uuid("bench-tenant-" + tenantSlug);
      notes.add("tenant sign-up answered " + signUp.status() + ": tenant row inserted by SQL, no user token");
    }
    try {
      long t0 = System.nanoTime();
      seeder.ensureTenant(tenantId, tenantSlug).await();
      seeder.seedCatalog(tenantId, products, variantsPerProduct).await();
      boolean seededUsers = seeder.seedUsers(tenantId, users).await();
      boolean roleFixed = seeder.ensureOwnerRole(tenantId, OWNER_EMAIL).recover(err -> Future.succeededFuture(false)).await();
      if (roleFixed) {
        notes.add("the signed-up owner's auth user had no role (sign-up assigned the owner role to another user id): "
            + "owner role assigned to it by SQL so the authenticated scenarios can run");
      }
      seeder.analyze().await();
      long variants = seeder.count("product_variants").await();
      long userCount = seeder.count("auth_users").await();
      notes.add(String.format(Locale.ROOT, "seeded %d products, %d variants, %d users in %.1f s%s", products, variants,
          userCount, (System.nanoTime() - t0) / 1e9, seededUsers ? "" : " (no password hash to copy: users not seeded)"));
    } finally {
      seeder.close().await();
    }
    fixtureToken = load.send(Request.get(fixturePort, "/token?tenant_id=" + tenantId, null)).await()
        .json().getString("access_token");
  }

  private void runScenarios(Path work) {
    Duration d = Duration.ofSeconds(seconds);
    RequestFactory ping = i -> Request.get(fixturePort, "/ping", null);
    RequestFactory minimal = i -> Request.get(fixturePort, "/api/v1/products/" + randomProduct(), fixtureToken);
    RequestFactory productRead = i -> Request.get(commercePort, "/api/v1/products/" + randomProduct(), token);
    RequestFactory search = i -> Request.get(commercePort, "/api/v1/products?q=" + SEARCH_WORDS[(int) (i % SEARCH_WORDS.length)]
        + "&limit=20", token);
    RequestFactory login = i -> Request.post(authPort, "/api/v1/auth/login", null, new JsonObject()
        .put("tenant_slug", tenantSlug).put("email", "user" + (1 + i % Math.max(1, users)) + "@bench.test")
        .put("password", PASSWORD));
    RequestFactory cheap = i -> Request.get(platformPort, cheapPath, token);

    warmGenerator(ping);

    // ceilings
    if (wanted("ceilings")) {
      openAndClosed("ceiling: bare Vert.x GET /ping (no database)", ping, d);
      attempt("ceiling: pgbench product read (SQL only)", "open", rate, 8, () -> pgbench(work, rate));
      attempt("ceiling: pgbench product read (SQL only)", "closed", Double.NaN, 8, () -> pgbench(work, 0));
      openAndClosed("ceiling: minimal Vert.x + pg + JWT product read", minimal, d);
      openAndClosed(ReadRatios.CEILING,
          i -> Request.get(fixturePort, OneStatementCeiling.PATH + randomProduct(), fixtureToken), d);
    }

    // Olympus
    if (wanted("product") && available("Olympus GET /api/v1/products/{id}", productRead)) {
      openAndClosed("Olympus GET /api/v1/products/{id}", productRead, d);
    }
    String searchName = "Olympus catalog search GET /api/v1/products?q=&limit=20";
    if (wanted("search") && available(searchName, search)) {
      notes.add("search cache: SEARCH_CACHE_TTL_MS=" + Optional.ofNullable(System.getenv("SEARCH_CACHE_TTL_MS"))
          .orElse("(default)") + " in the Olympus process");
      attempt(searchName, "open", searchRate, 0, () -> warmThenOpen(searchName, search, searchRate, d));
      attempt(searchName, "closed", Double.NaN, concurrency,
          () -> scheduled(searchName, "closed", () -> load.closed(searchName, search, concurrency, d).await()));
    }
    if (wanted("flood") && available("Olympus login flood", login)) {
      try {
        results.addAll(new LoginFlood(vertx, load, login, this::scrapeAuth, d, 2 * cores).run(Duration.ofSeconds(warmSeconds),
            Duration.ofSeconds(settleSeconds), resultsDir.resolve(stamp(Instant.now()) + "-login-flood.md")));
      } catch (Exception e) {
        results.add(LoadResult.notAvailable("Olympus login flood", "open", Double.NaN, 0, e.toString()));
      }
    }
    CheckoutScenario checkout = new CheckoutScenario(vertx, load, pgPort, commercePort, token, tenantId, d, warmSeconds,
        notes::add);
    if (wanted("checkout")) {
      checkout.run(scenarioRuns());
    }
    if (wanted("payment")) {
      new PaymentScenario(checkout, load, commercePort, token, d, warmSeconds, notes::add).run(scenarioRuns());
    }
    if (!wanted("login")) {
      return;
    }
    double loginCapacity = Double.NaN;
    if (available("Olympus POST /api/v1/auth/login", login)) {
      LoadResult capacity = attempt("Olympus login capacity (Argon2 bound)", "closed", Double.NaN, 2 * cores,
          () -> {
            warmThen(login, 2 * cores);
            return scheduled("Olympus login capacity", "closed",
                () -> load.closed("Olympus login capacity (Argon2 bound)", login, 2 * cores, d).await());
          });
      if (capacity.available() && capacity.achievedRate() > 0) {
        loginCapacity = capacity.achievedRate();
        double half = Math.max(1, loginCapacity / 2);
        attempt("Olympus login at half capacity", "open", half, 0, () -> {
          // the open model at this rate, unrecorded: the closed loops before it leave the generator's open-model
          // path for logins and some of the server's code to the JIT, whose compiler threads otherwise take the
          // CPU from the hashing threads (nice 19) in the measured run's first seconds
          load.open("warm-up", login, half, Duration.ofSeconds(Math.min(warmSeconds, LOGIN_OPEN_WARMUP_SECONDS))).await();
          settle();
          String before = scrapeAuth();
          LoadResult run = scheduled("Olympus login at half capacity", "open",
              () -> load.open("Olympus login at half capacity", login, half, d).await());
          String after = scrapeAuth();
          return run.withNote(hashNote(before, after) + "; login answered in the server (handler to response end) "
              + delta(before, after, "vertx_http_server_response_time_seconds", "route=\"/api/v1/auth/login\""));
        });
      }
    }
    bulkhead(cheap, login, loginCapacity, d);
  }

  /** This run's wrappers for the scenario classes: a scenario on its own (its row even when it fails), a measured interval. */
  private CheckoutScenario.Runs scenarioRuns() {
    return new CheckoutScenario.Runs() {
      @Override
      public LoadResult attempt(String name, String model, double at, int conc, Callable<LoadResult> body) {
        return BenchMain.this.attempt(name, model, at, conc, body::call);
      }

      @Override
      public LoadResult scheduled(String name, String model, Callable<LoadResult> body) throws Exception {
        return BenchMain.this.scheduled(name, model, body::call);
      }
    };
  }

  private void bulkhead(RequestFactory cheap, RequestFactory login, double loginCapacity, Duration d) {
    String name = "cheap GET " + cheapPath;
    if (!available("Olympus " + name, cheap)) {
      return;
    }
    double cheapRate = Math.max(1, rate / 2.0);
    attempt("Olympus " + name + " alone", "open", cheapRate, 0, () -> {
      warmThen(cheap, 8);
      String before = scrapeAuth();
      LoadResult alone = scheduled("Olympus " + name + " alone", "open",
          () -> load.open("Olympus " + name + " alone", cheap, cheapRate, d).await());
      return alone.withNote(waitNote(before, scrapeAuth()));
    });
    if (Double.isNaN(loginCapacity)) {
      results.add(LoadResult.notAvailable("Olympus " + name + " during a login flood", "open", cheapRate, 0,
          "login not available"));
      return;
    }
    // the flood is a closed loop of many workers: it saturates the Argon2 workers by construction, whatever
    // the (noisy, on a shared machine) capacity measurement said
    String floodName = "login flood (closed loop, " + floodConcurrency + " workers)";
    try {
      settle();
      String before = scrapeAuth();
      rss.resetPeak();
      // one scheduler note (and flame graph) for both runs: they shared the machine for the same interval
      LoadResult[] flood = new LoadResult[1];
      LoadResult cheapResult = scheduled("Olympus " + name + " during the login flood", "open", () -> {
        Future<LoadResult> during = load.open("Olympus " + name + " during " + floodName, cheap, cheapRate, d);
        Future<LoadResult> flooding = load.closed("Olympus " + floodName, login, floodConcurrency, d);
        LoadResult cheapRun = during.await();
        flood[0] = flooding.await();
        return cheapRun;
      });
      LoadResult floodResult = flood[0];
      String loadNote = "Olympus RSS peak " + rss.peakMb() + " MB; load avg " + loadAverage().split(" ")[0];
      results.add(cheapResult.withNote(waitNote(before, scrapeAuth()) + "; " + loadNote));
      results.add(floodResult.withNote(hashNote(before, scrapeAuth()) + "; " + loadNote));
    } catch (Exception e) {
      results.add(LoadResult.notAvailable("Olympus " + name + " during " + floodName, "open", cheapRate, 0, e.toString()));
    }
  }

  /** The process's Prometheus text (management port), or "" when it cannot be read. */
  private String scrapeAuth() {
    try {
      Response scrape = load.send(Request.get(managementPort, "/metrics", null)).await();
      return scrape.ok() ? scrape.body().toString() : "";
    } catch (Exception e) {
      return "";
    }
  }

  /** What the server measured of Argon2 between two scrapes: time on the hashing thread and wait for one. */
  private static String hashNote(String before, String after) {
    ServerHistogram hash = ServerHistogram.parse(after, "olympus_auth_password_hash_seconds")
        .since(ServerHistogram.parse(before, "olympus_auth_password_hash_seconds"));
    if (hash.count() <= 0) {
      return "server Argon2 histogram not available";
    }
    ServerHistogram wait = ServerHistogram.parse(after, "olympus_auth_password_hash_wait_seconds")
        .since(ServerHistogram.parse(before, "olympus_auth_password_hash_wait_seconds"));
    return "server: Argon2 on its thread " + hash.summary() + ", wait for a thread " + wait.summary();
  }

  /**
   * Where requests waited in the server between two scrapes (all of its requests, the flood's too): for a
   * connection of the platform service's PostgreSQL pool (the cheap GET's) and of the Redis pools, and the round
   * trips themselves.
   */
  private static String waitNote(String before, String after) {
    String platformPool = "pool_name=\"olympus-platform\"";
    return "server: platform's PostgreSQL pool wait " + delta(before, after, "vertx_pool_queue_time_seconds", platformPool)
        + ", hold " + delta(before, after, "vertx_pool_usage_seconds", platformPool)
        + ", SQL " + delta(before, after, "vertx_sql_processing_time_seconds", "")
        + ", Redis pool wait " + delta(before, after, "vertx_pool_queue_time_seconds", "pool_type=\"redis\"")
        + ", Redis " + delta(before, after, "vertx_redis_processing_time_seconds", "")
        + ", event-loop delay " + delta(before, after, "olympus_eventloop_delay_seconds", "");
  }

  private static String delta(String before, String after, String metric, String label) {
    ServerHistogram h = ServerHistogram.parse(after, metric, label).since(ServerHistogram.parse(before, metric, label));
    return h.count() > 0 ? h.summary() : "n/a";
  }

  /** Whether {@code BENCH_ONLY} (comma-separated: ceilings, product, search, flood, checkout, payment, login) is unset or names the group. */
  private static boolean wanted(String group) {
    String only = System.getenv("BENCH_ONLY");
    return only == null || only.isBlank() || Arrays.asList(only.split("\\s*,\\s*")).contains(group);
  }

  private static final String[] SEARCH_WORDS = {"widget", "gadget", "lamp+oak", "kettle", "sprocket+blue", "jaket", "chair"};

  private String randomProduct() {
    return Seeder.productId(1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(products)).toString();
  }

  private void openAndClosed(String name, RequestFactory factory, Duration d) {
    attempt(name, "open", rate, 0, () -> warmThenOpen(name, factory, rate, d));
    attempt(name, "closed", Double.NaN, concurrency,
        () -> scheduled(name, "closed", () -> load.closed(name, factory, concurrency, d).await()));
  }

  private LoadResult warmThenOpen(String name, RequestFactory factory, double at, Duration d) throws Exception {
    warmThen(factory, 8);
    return scheduled(name, "open", () -> load.open(name, factory, at, d).await());
  }

  /**
   * Runs a measured load and notes where the machine's CPU went meanwhile ({@link SchedStats}) and, with
   * {@code BENCH_PROFILE}, the flame graph of the Olympus process over the same interval.
   */
  private LoadResult scheduled(String name, String model, Scenario run) throws Exception {
    if (profiler != null) {
      profiler.start();
    }
    SchedStats.Snapshot before = sched.snapshot();
    LoadResult result;
    try {
      result = run.run();
    } catch (Exception e) {
      if (profiler != null) {
        profiler.stop(name, model);
      }
      throw e;
    }
    String note = SchedStats.note(before, sched.snapshot());
    if (profiler != null) {
      note += "; flame graph " + profiler.stop(name, model);
    }
    return result.withNote(note);
  }

  private void settle() throws InterruptedException {
    Thread.sleep(settleSeconds * 1000L);
  }

  /**
   * Runs the generator's open-model path against the fixture's {@code /ping} (no Olympus work) before anything is
   * measured: the closed-loop warm-ups do not run the open model's scheduling, and otherwise the generator's JIT
   * compiled it during the first open run — a C2 compiler thread taking a whole core for 2–3 s, during which the
   * hashing threads (nice 19) starved and the login-at-half-capacity run of a {@code BENCH_ONLY=login} run stalled
   * (hashes waiting p99 ~430 ms; seen with {@code top -H}: the generator's C2 thread at 94–96 % exactly then).
   */
  private void warmGenerator(RequestFactory ping) {
    load.open("generator warm-up", ping, 2000, Duration.ofSeconds(GENERATOR_WARMUP_SECONDS)).await();
    notes.add("generator warmed up: " + GENERATOR_WARMUP_SECONDS + " s open model at 2000/s on the fixture's /ping "
        + "(not recorded)");
  }

  private void warmThen(RequestFactory factory, int workers) {
    load.closed("warm-up", factory, workers, Duration.ofSeconds(warmSeconds)).await();
  }

  private LoadResult pgbench(Path work, double at) throws IOException, InterruptedException {
    if (!Pgbench.installed()) {
      throw new IllegalStateException("pgbench not installed (apt-get install postgresql-client)");
    }
    return new Pgbench(pgPort, APP_USER, APP_PASSWORD, work)
        .run("ceiling: pgbench product read (SQL only)", tenantId, products, 8, at, seconds);
  }

  /** Probes one request of the scenario; records "not available" and returns false when the endpoint is missing. */
  private boolean available(String name, RequestFactory factory) {
    Request probe = factory.next(0);
    try {
      Response r = load.send(probe).await();
      if (r.missing()) {
        results.add(LoadResult.notAvailable(name, "open", rate, 0, "endpoint answered " + r.status()));
        return false;
      }
      if (r.status() == 401 && probe.bearer() == null) {
        results.add(LoadResult.notAvailable(name, "open", rate, 0,
            "endpoint exists but the run has no access token (tenant sign-up failed)"));
        return false;
      }
      if (!r.ok()) {
        String detail = r.status() + " " + r.body().toString().replace('\n', ' ');
        results.add(LoadResult.notAvailable(name, "open", rate, 0,
            "probe answered " + detail.substring(0, Math.min(detail.length(), 160))));
        return false;
      }
      return true;
    } catch (Exception e) {
      results.add(LoadResult.notAvailable(name, "open", rate, 0, e.toString()));
      return false;
    }
  }

  /** One scenario, on its own: a failure is reported in its row and the run goes on. */
  private LoadResult attempt(String name, String model, double at, int conc, Scenario scenario) {
    LOG.info("scenario: {} ({})", name, model);
    rss.resetPeak();
    LoadResult result;
    try {
      result = scenario.run();
    } catch (Exception e) {
      LOG.warn("scenario {} failed", name, e);
      result = LoadResult.notAvailable(name, model, at, conc, e.getMessage() == null ? e.toString() : e.getMessage());
    }
    result = result.withNote("Olympus RSS peak " + rss.peakMb() + " MB; load avg " + loadAverage().split(" ")[0]);
    LOG.info("  → {}", result);
    results.add(result);
    return result;
  }

  /** A scenario body. */
  @FunctionalInterface
  private interface Scenario {
    LoadResult run() throws Exception;
  }

  private List<String> olympusFlags() {
    List<String> flags = new ArrayList<>(jvmFlags);
    flags.addAll(olympusExtraFlags);
    return flags;
  }

  private void awaitReady(ChildProcess child, int... ports) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    for (int port : ports) {
      while (true) {
        if (!child.alive()) {
          throw new IllegalStateException(child.name() + " exited during start-up (see its log in the work dir)");
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(child.name() + " not ready within 180 s");
        }
        try {
          if (load.send(Request.get(port, "/health/ready", null)).await().ok()) {
            break;
          }
        } catch (Exception e) {
          LOG.debug("not ready yet: {}", e.toString());
        }
        Thread.sleep(500);
      }
    }
  }

  private void awaitFixture(ChildProcess fixture) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (!fixture.alive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("fixture server did not start (see fixture.log in the work dir)");
      }
      try {
        if (load.send(Request.get(fixturePort, "/ping", null)).await().ok()) {
          return;
        }
      } catch (Exception e) {
        LOG.debug("fixture not ready yet: {}", e.toString());
      }
      Thread.sleep(200);
    }
  }

  /** The run's name in the results directory: its UTC start, e.g. {@code 20261207-000301}. */
  private static String stamp(Instant started) {
    return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
  }

  private void writeReport(Instant started, String loadBefore, String loadAfter) throws IOException {
    Files.createDirectories(resultsDir);
    String stamp = stamp(started);
    Path file = resultsDir.resolve(stamp + ".md");
    StringBuilder md = new StringBuilder();
    md.append("# Olympus benchmark ").append(started).append("\n\n");
    md.append(String.format(Locale.ROOT,
        "machine: %d cores, %s %s (%s), load average before %s / after %s (shared machine)%n%n",
        cores, System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"), loadBefore, loadAfter));
    md.append("kernel.sched_autogroup_enabled during the run: ")
        .append(Optional.ofNullable(System.getenv("BENCH_AUTOGROUP")).orElse("not reported (started without bench/run.sh)"))
        .append(" (1: the embedded PostgreSQL, in a session of its own, shares the CPU with Olympus as a group and the ")
        .append("hashing threads' nice stops yielding to it; bench/run.sh sets 0 for its run when it can)\n\n");
    md.append("child JVM flags (Olympus and fixture): `").append(String.join(" ", jvmFlags)).append("`; ");
    if (!olympusExtraFlags.isEmpty()) {
      md.append("Olympus only: `").append(String.join(" ", olympusExtraFlags)).append("`; ");
    }
    List<String> own = ManagementFactory.getRuntimeMXBean().getInputArguments();
    md.append("load generator: 1 event loop, JVM flags `").append(own.isEmpty() ? "(defaults)" : String.join(" ", own))
        .append("`\n\n");
    if (rss != null) {
      md.append(String.format(Locale.ROOT, "Olympus resident set (VmRSS, sampled every 250 ms): %d MB 5 s after the "
          + "three services were ready (before seeding); peak over the whole run %d MB; per scenario in its notes%n%n",
          startRssMb, rss.runPeakMb()));
    }
    md.append(String.format(Locale.ROOT,
        "settings: %d s per scenario (+%d s closed-loop warm-up before each open run), open-model rate %d/s, closed loop %d connections, "
            + "%d products × %d variants, %d users%n%n", seconds, warmSeconds, rate, concurrency, products, variantsPerProduct, users));
    md.append("Open model: latency from each request's intended send time (coordinated omission corrected); "
        + "closed loop: latency from the actual send. Achieved = successful answers per second.\n\n");
    md.append(Report.table(results)).append('\n');
    comparison().ifPresent(line -> md.append(line).append("\n\n"));
    List<String> ratios = ReadRatios.lines(results, envOr("COMMERCE_PRODUCT_CACHE_SIZE"), envOr("SEARCH_CACHE_TTL_MS"));
    ratios.forEach(line -> md.append(line).append('\n'));
    md.append(ratios.isEmpty() ? "" : "\n");
    for (String note : notes) {
      md.append("- ").append(note).append('\n');
    }
    Files.writeString(file, md.toString());
    Path html = resultsDir.resolve(stamp + ".html");
    List<String> header = md.toString().lines()
        .takeWhile(line -> !line.startsWith("| scenario"))
        .filter(line -> !line.isBlank() && !line.startsWith("# "))
        .map(line -> line.replace("`", ""))
        .toList();
    List<String> htmlNotes = new ArrayList<>();
    comparison().ifPresent(htmlNotes::add);
    htmlNotes.addAll(notes);
    Files.writeString(html, Report.html("Olympus benchmark " + started, header, results, htmlNotes));
    LOG.info("results written to {}\n{}", file, md);
  }

  private Optional<String> comparison() {
    Optional<LoadResult> olympus = closedResult("Olympus GET /api/v1/products/{id}");
    Optional<LoadResult> minimal = closedResult("ceiling: minimal Vert.x + pg + JWT product read");
    if (olympus.isEmpty() || minimal.isEmpty()) {
      return Optional.of("Closed-loop product read, Olympus vs minimal endpoint: Olympus's endpoint not available in this run.");
    }
    return Optional.of(String.format(Locale.ROOT,
        "Closed-loop product read: Olympus %.0f/s vs minimal Vert.x + pg + JWT %.0f/s (%.0f %% of the minimal endpoint).",
        olympus.get().achievedRate(), minimal.get().achievedRate(),
        100 * olympus.get().achievedRate() / minimal.get().achievedRate()));
  }

  private Optional<LoadResult> closedResult(String name) {
    return results.stream().filter(r -> r.scenario().equals(name) && r.model().equals("closed") && r.available()).findFirst();
  }

  private static String loadAverage() {
    try {
      return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+"), 3));
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String envOr(String name) {
    return Optional.ofNullable(System.getenv(name)).map(v -> name + "=" + v).orElse("on (default)");
  }

  private static int env(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }

  private static void quietlyClose(ChildProcess child) {
    try {
      child.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
