package io.olympus.auth.testing;

import com.icegreen.greenmail.base.GreenMailOperations;
import io.olympus.auth.AuthComponents;
import io.olympus.auth.AuthHttpVerticle;
import io.olympus.auth.login.service.MfaGate;
import io.olympus.common.db.Tenancy;
import io.olympus.common.event.Uuids;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.ServiceHarness.Deployed;
import io.olympus.common.testing.TestInfra;
import io.olympus.common.testing.TestTenants;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deploys the auth service (its composition root + HTTP verticle) on the test PostgreSQL and Redis with GreenMail as its SMTP server.
 * The platform is not deployed here: small responders stand in for {@code platform.tenants.resolve} (the real
 * {@code tenants} table) and {@code platform.authz.effective} (grants by auth role: {@code owner} holds every permission
 * of {@link #OWNER_PERMISSIONS}, {@code staff} only {@code products:read}). The real platform is used in modules/app.
 */
public final class CredentialHarness {

  public static final String PASSWORD = "correct horse battery staple 42";
  public static final List<String> OWNER_PERMISSIONS = List.of("api_keys:manage", "products:read", "products:write", "users:manage");

  public final Vertx vertx;
  public final GreenMailOperations mail;
  public final Pool appPool;
  public AuthComponents components;
  public Deployed app;
  public WebClient client;

  public CredentialHarness(Vertx vertx, GreenMailOperations mail) {
    this.vertx = vertx;
    this.mail = mail;
    this.appPool = TestInfra.get().appPool(vertx);
  }

  public CredentialHarness start() {
    TestInfra infra = TestInfra.get();
    infra.truncateAll();
    Redis redis = RedisClients.create(vertx, infra.redisUrl(), 1);
    redis.send(Request.cmd(Command.FLUSHDB)).await();
    redis.close();
    TestTenants.serveResolve(vertx, appPool);
    AuthTestSupport.serveAuthz(vertx, appPool, roles -> roles.contains("owner") ? OWNER_PERMISSIONS
        : roles.contains("staff") ? List.of("products:read") : List.of());
    Map<String, String> settings = new HashMap<>();
    settings.put("AUTH_ARGON2_MEMORY_KIB", "8192");
    settings.put("AUTH_ARGON2_ITERATIONS", "1");
    settings.put("SMTP_HOST", "127.0.0.1");
    settings.put("SMTP_PORT", Integer.toString(mail.getSmtp().getPort()));
    settings.put("SMTP_STARTTLS", "DISABLED");
    settings.put("AUTH_FAILURE_DELAY_MAX_MS", "0");
    settings.put("AUTH_RATE_LOGIN_IP_PER_MINUTE", "1000");
    settings.put("AUTH_RATE_LOGIN_ACCOUNT_PER_MINUTE", "1000");
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

  /** Inserts an active tenant on the free plan (set-up only). */
  public static UUID tenant(String slug) {
    return tenant(slug, "free");
  }

  /** Inserts an active tenant on {@code plan} (set-up only). */
  public static UUID tenant(String slug, String plan) {
    UUID id = UUID.randomUUID();
    TestInfra.get().executeAsOwner("INSERT INTO tenants (id, slug, name, plan) VALUES ('" + id + "', '" + slug + "', '"
        + slug + "', '" + plan + "')");
    return id;
  }

  /** Inserts an active tenant with a fresh random slug on {@code plan} (set-up of tests that need many tenants). */
  public static UUID freshTenant(String plan) {
    return tenant("t" + UUID.randomUUID().toString().substring(0, 8), plan);
  }

  /** Inserts a user with {@link #PASSWORD} and {@code role} (set-up only). */
  public UUID user(UUID tenantId, String email, String role) {
    UUID id = Uuids.v7();
    String hash = components.hasher().hash(PASSWORD).await();
    Tenancy.inTenant(appPool, tenantId, conn -> conn.preparedQuery(
            "INSERT INTO auth_users (id, tenant_id, email, display_name, password_hash, email_verified, roles) "
                + "VALUES ($1, $2, $3, $4, $5, true, $6)")
        .execute(Tuple.of(id, tenantId, email, "Test " + role, hash, new String[] {role}))).await();
    return id;
  }

  public Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
    return client.post(path).putHeader("User-Agent", "extras-test/1.0").sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> post(String path, JsonObject body, String bearer) {
    return client.post(path).putHeader("Authorization", "Bearer " + bearer).sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> get(String path, String bearer) {
    return client.get(path).putHeader("Authorization", "Bearer " + bearer).send();
  }

  public Future<HttpResponse<Buffer>> delete(String path, String bearer) {
    return client.delete(path).putHeader("Authorization", "Bearer " + bearer).send();
  }

  public Future<HttpResponse<Buffer>> login(String slug, String email, String password) {
    return post("/api/v1/auth/login", new JsonObject().put("tenant_slug", slug).put("email", email).put("password", password));
  }

  /** Signs in (no MFA expected): the token answer. */
  public Future<JsonObject> signedIn(String slug, String email) {
    return login(slug, email, PASSWORD)
        .map(r -> {
          if (r.statusCode() != 200 || r.bodyAsJsonObject().getString("access_token") == null) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.bodyAsString());
          }
          return r.bodyAsJsonObject();
        });
  }

  public static JsonObject claims(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  public static List<String> fields(HttpResponse<Buffer> problem) {
    JsonArray errors = problem.bodyAsJsonObject().getJsonArray("errors", new JsonArray());
    return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }

  // ---- an independent RFC 6238 / RFC 4648 implementation, written for the tests only ----

  public static String totp(byte[] key, long counter) {
    try {
      byte[] msg = new byte[8];
      for (int i = 7; i >= 0; i--) {
        msg[i] = (byte) (counter & 0xff);
        counter >>>= 8;
      }
      Mac hmac = Mac.getInstance("HmacSHA1");
      hmac.init(new SecretKeySpec(key, "RAW"));
      byte[] hash = hmac.doFinal(msg);
      int offset = hash[19] & 0xf;
      long truncated = 0;
      for (int i = 0; i < 4; i++) {
        truncated = (truncated << 8) | (hash[offset + i] & 0xff);
      }
      truncated &= 0x7fffffffL;
      return String.valueOf(1_000_000 + truncated % 1_000_000).substring(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] base32(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    java.math.BigInteger value = java.math.BigInteger.ZERO;
    for (char c : s.toCharArray()) {
      value = value.shiftLeft(5).add(java.math.BigInteger.valueOf(alphabet.indexOf(c)));
    }
    int bytes = s.length() * 5 / 8;
    value = value.shiftRight(s.length() * 5 - bytes * 8);
    byte[] raw = value.toByteArray();
    byte[] out = new byte[bytes];
    System.arraycopy(raw, Math.max(0, raw.length - bytes), out, Math.max(0, bytes - raw.length), Math.min(bytes, raw.length));
    return out;
  }
}
