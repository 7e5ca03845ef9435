package io.olympus.auth.testing;

import com.icegreen.greenmail.base.GreenMailOperations;
import io.olympus.auth.AuthComponents;
import io.olympus.auth.AuthHttpVerticle;
import io.olympus.auth.login.service.MfaGate;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.ServiceHarness.Deployed;
import io.olympus.common.testing.TestInfra;
import io.olympus.common.testing.TestTenants;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deploys the auth service (its composition root + one HTTP verticle) on the test PostgreSQL and Redis, with a GreenMail SMTP server as
 * its mail server. The platform is not deployed in auth-module tests: two small responders stand in for its bus
 * addresses, backed by real data — {@code platform.tenants.resolve} reads the real {@code tenants} table (rows inserted
 * with {@link #tenant}), {@code platform.authz.effective} grants {@code users:manage} and {@code users:read} to users
 * whose auth roles include {@code owner} or {@code admin} (everyone else reads only their own user). The true cross-service path is tested in modules/app.
 */
public final class AccountHarness {

  public static final String PASSWORD = "correct horse battery staple 42";
  public static final Pattern LINK = Pattern.compile("https?://\\S+?(/api/v1/auth/\\S+)");

  public final Vertx vertx;
  public final GreenMailOperations mail;
  public final Pool appPool;
  public AuthComponents components;
  public Deployed app;
  public WebClient client;

  public AccountHarness(Vertx vertx, GreenMailOperations mail) {
    this.vertx = vertx;
    this.mail = mail;
    this.appPool = TestInfra.get().appPool(vertx);
  }

  /** Clean database and Redis, stand-in platform responders, composition root and HTTP verticle with test settings + {@code overrides}. */
  public AccountHarness start(Map<String, String> overrides) {
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    Redis redis = RedisClients.create(vertx, infra.redisUrl(), 1);
    redis.send(Request.cmd(Command.FLUSHDB)).await();
    redis.close();
    TestTenants.serveResolve(vertx, appPool);
    AuthTestSupport.serveAuthz(vertx, appPool, roles -> roles.contains("owner") || roles.contains("admin")
        ? List.of("users:manage", "users:read") : List.of());
    Map<String, String> settings = new HashMap<>();
    settings.put("AUTH_ARGON2_MEMORY_KIB", "8192");
    settings.put("AUTH_ARGON2_ITERATIONS", "1");
    settings.put("SMTP_HOST", "127.0.0.1");
    settings.put("SMTP_PORT", Integer.toString(mail.getSmtp().getPort()));
    settings.put("SMTP_STARTTLS", "DISABLED");
    settings.put("AUTH_FAILURE_DELAY_MAX_MS", "0");
    settings.put("AUTH_RATE_LOGIN_IP_PER_MINUTE", "1000");
    settings.put("AUTH_RATE_LOGIN_ACCOUNT_PER_MINUTE", "1000");
    settings.put("AUTH_RATE_REGISTER_IP_PER_HOUR", "1000");
    settings.putAll(overrides);
    ServiceContext context = ServiceHarness.context(vertx, Map.of());
    components = AuthComponents.start(vertx, context, new JsonObject(new HashMap<>(settings)), MfaGate.NONE).await();
    app = ServiceHarness.deploy(vertx, context, c -> new AuthHttpVerticle(c, 0, components)).await();
    client = app.client();
    return this;
  }

  public void stop() {
    if (app != null) {
      app.close(vertx).await();
    }
    if (components != null) {
      components.close().await();
    }
    appPool.close().await();
  }

  /** Inserts an active tenant (blocking: set-up only). */
  public static UUID tenant(String slug) {
    UUID id = UUID.randomUUID();
    TestInfra.get().executeAsOwner("INSERT INTO tenants (id, slug, name, plan) VALUES ('" + id + "', '" + slug + "', '"
        + slug + "', 'free')");
    return id;
  }

  public Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
    return client.post(path).putHeader("User-Agent", "flows-test/1.0").sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> post(String path, JsonObject body, String accessToken) {
    return client.post(path).putHeader("Authorization", "Bearer " + accessToken).sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> get(String pathAndQuery) {
    return client.get(pathAndQuery).send();
  }

  public Future<HttpResponse<Buffer>> get(String path, String accessToken) {
    return client.get(path).putHeader("Authorization", "Bearer " + accessToken).send();
  }

  public Future<HttpResponse<Buffer>> delete(String path, String accessToken) {
    return client.delete(path).putHeader("Authorization", "Bearer " + accessToken).send();
  }

  public Future<HttpResponse<Buffer>> register(String slug, String email) {
    return post("/api/v1/auth/register", new JsonObject().put("tenant_slug", slug).put("email", email)
        .put("password", PASSWORD).put("display_name", "Test User"));
  }

  public Future<HttpResponse<Buffer>> login(String slug, String email, String password) {
    return post("/api/v1/auth/login", new JsonObject().put("tenant_slug", slug).put("email", email).put("password", password));
  }

  public Future<HttpResponse<Buffer>> refresh(String refreshToken) {
    return post("/api/v1/auth/refresh", new JsonObject().put("refresh_token", refreshToken));
  }

  /** Registers, follows the mailed link and signs in: the login answer. */
  public Future<JsonObject> signedIn(String slug, String email) {
    return register(slug, email)
        .compose(r -> get(lastLink(email, "verify-email")))
        .compose(r -> login(slug, email, PASSWORD))
        .map(r -> {
          if (r.statusCode() != 200) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.bodyAsString());
          }
          return r.bodyAsJsonObject();
        });
  }

  /** Path and query of the last mailed link to {@code to} whose path contains {@code kind}. */
  public String lastLink(String to, String kind) {
    List<String> links = new ArrayList<>();
    for (MimeMessage message : mail.getReceivedMessages()) {
      try {
        if (message.getAllRecipients()[0].toString().equals(to)) {
          Matcher m = LINK.matcher(AuthTestSupport.text(message));
          while (m.find()) {
            if (m.group(1).contains(kind)) {
              links.add(m.group(1));
            }
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    if (links.isEmpty()) {
      throw new IllegalStateException("no " + kind + " mail to " + to);
    }
    return links.get(links.size() - 1);
  }



}
