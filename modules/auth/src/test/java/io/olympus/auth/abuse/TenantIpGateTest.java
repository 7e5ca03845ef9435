package io.olympus.auth.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.testing.CredentialHarness;
import io.olympus.common.tenant.TenantAddresses;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tenant's IP lists at the auth service's sign-in doors (the platform's part and the other doors are tested in
 * modules/app {@code TenantIpListsTest}): here the test plays the platform — it writes the {@code security.ip_deny}
 * setting row and publishes {@code tenant.updated}. Every request comes from 127.0.0.1.
 */
@ExtendWith(VertxExtension.class)
class TenantIpGateTest {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  static final String DEFAULT_TENANT = "acme";
  static final String DEFAULT_EMAIL = "anna@example.com";

  private CredentialHarness auth;
  private UUID tenantId;
  private UUID userId;

  @BeforeEach
  void setUp(Vertx vertx) {
    auth = new CredentialHarness(vertx, MAIL).start();
    tenantId = CredentialHarness.tenant(DEFAULT_TENANT);
    userId = auth.user(tenantId, DEFAULT_EMAIL, "staff");
  }

  @AfterEach
  void tearDown() {
    auth.stop();
  }

  @Test
  void shouldRefuseTheMfaStepFromAnAddressRefusedAfterThePasswordStep(Vertx vertx, VertxTestContext ctx) {
    String access = auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await().getString("access_token");
    String secret = auth.post("/api/v1/auth/mfa/totp", new JsonObject(), access).await().bodyAsJsonObject().getString("secret");
    long now = System.currentTimeMillis() / 1000 / 30;
    auth.post("/api/v1/auth/mfa/totp/confirm", new JsonObject().put("code", CredentialHarness.totp(CredentialHarness.base32(secret), now)),
        access).await();
    String mfaToken = auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, CredentialHarness.PASSWORD).await()
        .bodyAsJsonObject().getString("mfa_token");
    assertThat(mfaToken).isNotNull();

    denyLoopback(vertx);
    untilStatus(vertx, 403, () -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, CredentialHarness.PASSWORD))
        .compose(login -> {
          ctx.verify(() -> assertIpRefused(login));
          return auth.post("/api/v1/auth/login/mfa", new JsonObject().put("mfa_token", mfaToken)
              .put("code", CredentialHarness.totp(CredentialHarness.base32(secret), now + 1)));
        })
        .compose(step -> {
          ctx.verify(() -> assertIpRefused(step));
          return refusals();
        })
        .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
          assertThat(events).extracting(e -> e.getString("operation")).containsExactlyInAnyOrder("login", "login_mfa");
          assertThat(events).filteredOn(e -> "login_mfa".equals(e.getString("operation")))
              .extracting(e -> e.getString("user_id")).containsExactly(userId.toString());
          assertThat(events).extracting(e -> e.getString("ip")).containsOnly("127.0.0.1");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRecordOneRefusalPerAddressAndDoorPerMinute(Vertx vertx, VertxTestContext ctx) {
    auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await();
    denyLoopback(vertx);
    untilStatus(vertx, 403, () -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, CredentialHarness.PASSWORD))
        .compose(first -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, CredentialHarness.PASSWORD))
        .compose(second -> auth.login(DEFAULT_TENANT, DEFAULT_EMAIL, CredentialHarness.PASSWORD))
        .compose(third -> {
          ctx.verify(() -> assertIpRefused(third));
          return refusals();
        })
        .onComplete(ctx.succeeding(events -> ctx.verify(() -> {
          assertThat(events).hasSize(1);
          ctx.completeNow();
        })));
  }

  private void denyLoopback(Vertx vertx) {
    TestInfra.get().executeAsOwner("INSERT INTO tenant_settings (tenant_id, key, value) VALUES ('" + tenantId
        + "', 'security.ip_deny', '[\"127.0.0.0/8\", \"::1/128\"]')");
    vertx.eventBus().publish(TenantAddresses.EVENT_UPDATED, new JsonObject().put("tenant_id", tenantId.toString()));
  }

  private Future<List<JsonObject>> refusals() {
    return io.olympus.common.db.Tenancy.inTenant(auth.appPool, tenantId, conn -> conn.preparedQuery(
            "SELECT user_id, ip, detail FROM auth_security_events WHERE tenant_id = $1 AND type = 'ip_refused'")
        .execute(Tuple.of(tenantId)))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          for (Row row : rows) {
            out.add(new JsonObject().put("user_id", row.getUUID("user_id") == null ? null : row.getUUID("user_id").toString())
                .put("ip", row.getString("ip"))
                .put("operation", ((JsonObject) row.getValue("detail")).getString("operation")));
          }
          return out;
        });
  }

  private static void assertIpRefused(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo("urn:olympus:problem:ip-not-allowed");
  }

  /** Repeats a request until it answers {@code status} or 3 s pass: the tenant event reaches the cache asynchronously. */
  private static Future<HttpResponse<Buffer>> untilStatus(Vertx vertx, int status,
      Supplier<Future<HttpResponse<Buffer>>> request) {
    long deadline = System.nanoTime() + 3_000_000_000L;
    return retry(vertx, status, request, deadline);
  }

  private static Future<HttpResponse<Buffer>> retry(Vertx vertx, int status,
      Supplier<Future<HttpResponse<Buffer>>> request, long deadlineNanos) {
    return request.get().compose(r -> r.statusCode() != status && System.nanoTime() < deadlineNanos
        ? vertx.timer(20).compose(t -> retry(vertx, status, request, deadlineNanos))
        : Future.succeededFuture(r));
  }
}
