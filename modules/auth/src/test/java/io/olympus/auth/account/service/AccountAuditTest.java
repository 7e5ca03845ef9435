package io.olympus.auth.account.service;

import static io.olympus.auth.testing.CredentialHarness.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.testing.AuthTestSupport;
import io.olympus.auth.testing.CredentialHarness;
import io.olympus.common.audit.AuditLog;
import io.olympus.common.db.Tenancy;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Account changes made through auth's API — an administrator's unlock, MFA enrolment, confirmation, backup-code
 * regeneration and disabling, password change and reset, session and device revocation, device renaming, sign-out —
 * each write an entry to the tenant's hash-chained audit log with the acting user, the changed resource and the tenant,
 * and the chain still verifies.
 */
@ExtendWith(VertxExtension.class)
class AccountAuditTest {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  static final String DEFAULT_TENANT = "acme";
  static final String OTHER_TENANT = "globex";
  static final String OWNER_EMAIL = "olga@example.com";
  static final String DEFAULT_EMAIL = "anna@example.com";
  static final String UPDATED_PASSWORD = "a completely different passphrase 9";
  static final Pattern RESET_TOKEN = Pattern.compile("/reset-password\\?token=(\\S+)");

  private CredentialHarness auth;
  private UUID tenantId;
  private UUID ownerId;
  private UUID userId;

  @BeforeEach
  void setUp(Vertx vertx) {
    auth = new CredentialHarness(vertx, MAIL).start();
    tenantId = CredentialHarness.tenant(DEFAULT_TENANT);
    ownerId = auth.user(tenantId, OWNER_EMAIL, "owner");
    userId = auth.user(tenantId, DEFAULT_EMAIL, "staff");
    UUID other = CredentialHarness.tenant(OTHER_TENANT);
    auth.user(other, DEFAULT_EMAIL, "staff");
  }

  @AfterEach
  void tearDown() {
    auth.stop();
  }

  @Test
  void shouldAuditAnAdministratorsUnlockWithTheAdministratorAsActorAndTheUserAsTarget() {
    String admin = auth.signedIn(DEFAULT_TENANT, OWNER_EMAIL).await().getString("access_token");

    HttpResponse<Buffer> unlocked = auth.post("/api/v1/auth/users/" + userId + "/unlock", new JsonObject(), admin).await();

    assertThat(unlocked.statusCode()).isEqualTo(204);
    assertThat(entries()).extracting("tenant", "action", "actor", "resourceType", "resourceId")
        .containsExactly(tuple(tenantId, "user.unlock", "user:" + ownerId, "user", userId.toString()));
    assertThat(entries().get(0).changes().getString("by")).isEqualTo("admin");
    assertChainIntact();
  }

  @Test
  void shouldAuditMfaEnrolmentConfirmationBackupCodesAndDisablingAsTheUsersOwnChanges() {
    String access = auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await().getString("access_token");
    String secret = auth.post("/api/v1/auth/mfa/totp", new JsonObject(), access).await().bodyAsJsonObject().getString("secret");
    long step = System.currentTimeMillis() / 1000 / 30;
    HttpResponse<Buffer> confirmed = auth.post("/api/v1/auth/mfa/totp/confirm",
        new JsonObject().put("code", CredentialHarness.totp(CredentialHarness.base32(secret), step)), access).await();
    JsonArray codes = confirmed.bodyAsJsonObject().getJsonArray("backup_codes");
    HttpResponse<Buffer> regenerated = auth.post("/api/v1/auth/mfa/backup-codes",
        new JsonObject().put("code", codes.getString(0)), access).await();
    HttpResponse<Buffer> disabled = auth.post("/api/v1/auth/mfa/totp/disable",
        new JsonObject().put("password", PASSWORD), access).await();

    assertThat(List.of(confirmed.statusCode(), regenerated.statusCode(), disabled.statusCode()))
        .containsExactly(200, 200, 204);
    String self = "user:" + userId;
    assertThat(entries()).extracting("tenant", "action", "actor", "resourceType", "resourceId").containsExactly(
        tuple(tenantId, "mfa.enrol", self, "user", userId.toString()),
        tuple(tenantId, "mfa.enable", self, "user", userId.toString()),
        tuple(tenantId, "mfa.backup_codes.regenerate", self, "user", userId.toString()),
        tuple(tenantId, "mfa.disable", self, "user", userId.toString()));
    assertChainIntact();
  }

  @Test
  void shouldAuditAPasswordChangeAndTheOtherSessionItEnds() {
    auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await();
    String access = auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await().getString("access_token");

    HttpResponse<Buffer> changed = auth.post("/api/v1/auth/password/change",
        new JsonObject().put("current_password", PASSWORD).put("new_password", UPDATED_PASSWORD), access).await();

    assertThat(changed.statusCode()).isEqualTo(204);
    List<Entry> entries = entries();
    assertThat(entries).extracting("tenant", "action", "actor", "resourceType").containsExactly(
        tuple(tenantId, "password.change", "user:" + userId, "user"),
        tuple(tenantId, "session.revoke", "user:" + userId, "session"));
    assertThat(entries.get(0).resourceId()).isEqualTo(userId.toString());
    assertChainIntact();
  }

  @Test
  void shouldAuditAPasswordResetWithTheMailedLinkAndTheSignOutOfEverySession() {
    auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await();
    auth.post("/api/v1/auth/password/forgot", new JsonObject().put("tenant_slug", DEFAULT_TENANT).put("email", DEFAULT_EMAIL))
        .await();
    String token = resetToken();

    HttpResponse<Buffer> reset = auth.post("/api/v1/auth/password/reset",
        new JsonObject().put("token", token).put("new_password", UPDATED_PASSWORD)).await();

    assertThat(reset.statusCode()).isEqualTo(204);
    assertThat(entries()).extracting("tenant", "action", "actor", "resourceType", "resourceId").containsExactly(
        tuple(tenantId, "password.reset", "user:" + userId, "user", userId.toString()),
        tuple(tenantId, "session.logout_all", "user:" + userId, "user", userId.toString()));
    assertChainIntact();
  }

  @Test
  void shouldAuditSessionRevocationDeviceRenamingDeviceRevocationAndSignOut() {
    JsonObject other = auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await();
    String access = auth.signedIn(DEFAULT_TENANT, DEFAULT_EMAIL).await().getString("access_token");
    String otherSession = CredentialHarness.claims(other.getString("access_token")).getString("sid");
    JsonObject tablet = auth.post("/api/v1/auth/login", new JsonObject().put("tenant_slug", DEFAULT_TENANT)
        .put("email", DEFAULT_EMAIL).put("password", PASSWORD).put("device_id", "tablet-1").put("device_name", "Tablet"))
        .await().bodyAsJsonObject();
    assertThat(tablet.getString("access_token")).isNotNull();
    String deviceId = auth.get("/api/v1/auth/devices", access).await().bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast)
        .filter(d -> "Tablet".equals(d.getString("name")))
        .findFirst().orElseThrow().getString("id");

    HttpResponse<Buffer> revoked = auth.delete("/api/v1/auth/sessions/" + otherSession, access).await();
    HttpResponse<Buffer> renamed = auth.client.patch("/api/v1/auth/devices/" + deviceId)
        .putHeader("Authorization", "Bearer " + access)
        .sendJsonObject(new JsonObject().put("name", "Kitchen tablet")).await();
    HttpResponse<Buffer> forgotten = auth.delete("/api/v1/auth/devices/" + deviceId, access).await();
    HttpResponse<Buffer> loggedOut = auth.post("/api/v1/auth/logout", new JsonObject(), access).await();

    assertThat(List.of(revoked.statusCode(), renamed.statusCode(), forgotten.statusCode(), loggedOut.statusCode()))
        .containsExactly(204, 200, 204, 204);
    String self = "user:" + userId;
    String tabletSession = CredentialHarness.claims(tablet.getString("access_token")).getString("sid");
    String currentSession = CredentialHarness.claims(access).getString("sid");
    assertThat(entries()).extracting("tenant", "action", "actor", "resourceType", "resourceId").containsExactly(
        tuple(tenantId, "session.revoke", self, "session", otherSession),
        tuple(tenantId, "device.rename", self, "device", deviceId),
        tuple(tenantId, "device.revoke", self, "device", deviceId),
        tuple(tenantId, "session.revoke", self, "session", tabletSession),
        tuple(tenantId, "session.logout", self, "session", currentSession));
    assertChainIntact();
  }

  /** One audit row as stored, read across tenants by the database owner (no tenant filter). */
  record Entry(UUID tenant, String action, String actor, String resourceType, String resourceId, JsonObject changes) {}

  private List<Entry> entries() {
    Pool owner = TestInfra.get().ownerPool(auth.vertx);
    try {
      List<Entry> out = new ArrayList<>();
      for (Row row : owner.query("SELECT tenant_id, action, actor_type, actor_id, resource_type, resource_id, changes "
          + "FROM audit_log ORDER BY tenant_id, seq").execute().await()) {
        out.add(new Entry(row.getUUID("tenant_id"), row.getString("action"),
            row.getString("actor_type") + ":" + row.getString("actor_id"), row.getString("resource_type"),
            row.getString("resource_id"), new JsonObject(row.getString("changes"))));
      }
      return out;
    } finally {
      owner.close().await();
    }
  }

  private void assertChainIntact() {
    AuditLog.Verification verification = Tenancy.inTenant(auth.appPool, tenantId, conn -> AuditLog.verify(conn, tenantId))
        .await();
    assertThat(verification.intact()).as(verification.problem()).isTrue();
  }

  private String resetToken() {
    String token = auth.vertx.executeBlocking(() -> {
      if (!MAIL.waitForIncomingEmail(30_000, 1)) {
        throw new IllegalStateException("no mail arrived");
      }
      Matcher m = RESET_TOKEN.matcher(AuthTestSupport.text(MAIL.getReceivedMessages()[0]));
      if (!m.find()) {
        throw new IllegalStateException("no reset link in the mail");
      }
      return m.group(1);
    }).await();
    return URLDecoder.decode(token, StandardCharsets.UTF_8);
  }
}
