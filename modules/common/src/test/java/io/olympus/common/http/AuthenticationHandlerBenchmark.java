package io.olympus.common.http;

import io.olympus.common.security.Credential;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestAuthority;
import io.olympus.common.testing.TestInfra;
import io.olympus.common.testing.TestTenants;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The cost of the shared authentication handler on a cheap GET: the same trivial route without authentication,
 * with a JWT access token and with an API key, one request at a time over one keep-alive connection, on the real
 * Redis (revocation check + plan budget) and the real tenant table. Reported, never asserted; runs only when named:
 * {@code mvn -o -q -pl modules/common -am verify -Dtest=AuthenticationHandlerBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} → {@code modules/common/target/auth-handler-benchmark.txt}.
 */
class AuthenticationHandlerBenchmark {

  private static final UUID TENANT = UUID.fromString("00000000-0000-7000-8000-0000000000bb");
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 20_000);

  @Test
  void measure() throws Exception {
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    infra.executeAsOwner("INSERT INTO tenants (id, slug, name, plan) VALUES ('" + TENANT + "', 'bench', 'Bench', 'enterprise')");
    Vertx vertx = Vertx.vertx();
    try {
      TestTenants.serveResolve(vertx, infra.appPool(vertx));
      ServiceContext context = ServiceHarness.context(vertx, Map.of());
      TestAuthority authority = new TestAuthority(context.config());
      authority.start(vertx).await();
      UUID user = UUID.randomUUID();
      var deployed = ServiceHarness.deploy(vertx, context, Bench::new).await();
      WebClient client = deployed.client();
      String bearer = authority.bearer(TENANT, user, List.of("owner"));
      // verified by the authority (asked once: the verifier caches it)
      String apiKey = authority.apiKey(TENANT, user, List.of("products:read"));

      Supplier<HttpRequest<io.vertx.core.buffer.Buffer>> open = () -> client.get("/bench/open");
      Supplier<HttpRequest<io.vertx.core.buffer.Buffer>> jwt = () -> client.get("/bench/auth")
          .putHeader("Authorization", bearer);
      Supplier<HttpRequest<io.vertx.core.buffer.Buffer>> key = () -> client.get("/bench/auth")
          .putHeader("X-Api-Key", apiKey);
      StringBuilder report = new StringBuilder("cheap GET, one request at a time, " + ROUNDS + " rounds each (µs)\n");
      for (int pass = 0; pass < 2; pass++) {  // the first pass warms the JIT, the second is reported
        report.setLength(report.indexOf("\n") + 1);
        report.append(line("no authentication", open, ROUNDS));
        report.append(line("JWT access token", jwt, ROUNDS));
        report.append(line("API key", key, ROUNDS));
      }
      Path out = Path.of("target", "auth-handler-benchmark.txt");
      Files.writeString(out, report.toString());
      org.slf4j.LoggerFactory.getLogger(AuthenticationHandlerBenchmark.class).info("\n{}", report);
    } finally {
      vertx.close().await();
    }
  }

  private static String line(String name, Supplier<HttpRequest<io.vertx.core.buffer.Buffer>> request, int rounds) {
    long[] micros = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      int status = request.get().send().await().statusCode();
      micros[i] = (System.nanoTime() - t0) / 1_000;
      if (status != 200) {
        throw new IllegalStateException(name + " answered " + status);
      }
    }
    Arrays.sort(micros);
    return String.format(Locale.ROOT, "%-18s p50 %5d  p90 %5d  p99 %5d%n", name, micros[rounds / 2],
        micros[rounds * 9 / 10], micros[rounds * 99 / 100]);
  }

  /** The echo contract's service with two extra routes: the same answer with and without the handler. */
  static final class Bench extends ServiceHttpVerticle {

    Bench(ServiceContext context) {
      super(context, "echo", 0);
    }

    @Override
    protected void bindOperations(RouterBuilder builder) {
    }

    @Override
    protected void addRoutes(Router router) {
      router.get("/bench/open").handler(ctx -> ctx.json(new JsonObject().put("ok", true)));
      router.get("/bench/auth").handler(security().authenticate(Credential.ANY))
          .handler(ctx -> ctx.json(new JsonObject().put("ok", true)));
    }
  }
}
