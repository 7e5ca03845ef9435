package io.olympus.auth;

import static io.olympus.auth.testing.AccountHarness.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.testing.AccountHarness;
import io.olympus.auth.testing.AuthTestSupport;
import io.olympus.common.security.AuthAddresses;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The new-device notification mail, and the periodic signing-key rotation check with its event. */
@ExtendWith(VertxExtension.class)
class DeviceMailAndKeyRotationTest {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final String TENANT = "acme";
  private static final String EMAIL = "anna@example.com";

  private AccountHarness auth;

  @AfterEach
  void tearDown() {
    if (auth != null) {
      auth.stop();
    }
  }

  @Test
  void shouldMailTheOwnerOnceWhenAnAccountSignsInFromANewDevice(Vertx vertx) throws Exception {
    auth = new AccountHarness(vertx, MAIL).start(Map.of());
    AccountHarness.tenant(TENANT);
    auth.signedIn(TENANT, EMAIL).await();
    // the first device of an account is not news: only the verification mail so far
    assertThat(subjectsTo(EMAIL)).noneMatch(s -> s.toLowerCase().contains("new sign-in"));

    HttpResponse<Buffer> tablet = loginFrom("tablet-1", "Kitchen tablet");
    assertThat(tablet.statusCode()).isEqualTo(200);
    // the notification is sent after the answer: wait for it (bounded)
    assertThat(MAIL.waitForIncomingEmail(5_000, 2)).isTrue();
    MimeMessage notice = MAIL.getReceivedMessages()[1];
    assertThat(notice.getAllRecipients()[0].toString()).isEqualTo(EMAIL);
    assertThat(notice.getSubject()).isEqualTo("New sign-in to your account");
    assertThat(AuthTestSupport.text(notice)).contains("Kitchen tablet").contains("127.0.0.1");

    // the same device again is known: no second notice
    assertThat(loginFrom("tablet-1", "Kitchen tablet").statusCode()).isEqualTo(200);
    assertThat(MAIL.waitForIncomingEmail(1_000, 3)).isFalse();
    assertThat(MAIL.getReceivedMessages()).hasSize(2);
  }

  @Test
  void shouldRotateADueSigningKeyAnnounceItAndKeepTheOldKeyVerifiable(Vertx vertx) throws Exception {
    auth = new AccountHarness(vertx, MAIL).start(Map.of());
    AccountHarness.tenant(TENANT);
    String before = auth.signedIn(TENANT, EMAIL).await().getString("access_token");
    String oldKid = kidOf(before);
    assertThat(auth.components.checkRotation().await()).as("a fresh key is not due").isFalse();

    CompletableFuture<JsonObject> announced = new CompletableFuture<>();
    vertx.eventBus().<JsonObject>consumer(AuthAddresses.EVENT_KEYS_ROTATED, msg -> announced.complete(msg.body()))
        .completion().await();
    // the active key reaches its planned retirement (AUTH_SIGNING_KEY_ROTATION_DAYS) ...
    TestInfra.get().executeAsOwner("UPDATE auth_signing_keys SET retire_after = now() - interval '1 second' "
        + "WHERE kid = '" + oldKid + "'");

    // ... and the periodic check (the same method the timer calls) rotates it
    assertThat(auth.components.checkRotation().await()).isTrue();
    String newKid = announced.get(5, TimeUnit.SECONDS).getString("kid");
    assertThat(newKid).isNotBlank().isNotEqualTo(oldKid);

    JsonArray keys = auth.get("/.well-known/jwks.json").await().bodyAsJsonObject().getJsonArray("keys");
    List<String> kids = keys.stream().map(k -> ((JsonObject) k).getString("kid")).toList();
    assertThat(kids).contains(oldKid, newKid);
    // tokens signed before the rotation stay valid; new ones carry the new key id
    assertThat(auth.get("/api/v1/auth/sessions", before).await().statusCode()).isEqualTo(200);
    HttpResponse<Buffer> after = auth.login(TENANT, EMAIL, PASSWORD).await();
    assertThat(kidOf(after.bodyAsJsonObject().getString("access_token"))).isEqualTo(newKid);
  }

  private HttpResponse<Buffer> loginFrom(String deviceId, String deviceName) {
    return auth.post("/api/v1/auth/login", new JsonObject().put("tenant_slug", TENANT).put("email", EMAIL)
        .put("password", PASSWORD).put("device_id", deviceId).put("device_name", deviceName)).await();
  }

  private static List<String> subjectsTo(String to) {
    return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
      try {
        return m.getAllRecipients()[0].toString().equals(to);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).map(m -> {
      try {
        return m.getSubject();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static String kidOf(String jwt) {
    String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))));
    return new JsonObject(header).getString("kid");
  }
}
