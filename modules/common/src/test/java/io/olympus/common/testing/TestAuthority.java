package io.olympus.common.testing;

import io.olympus.common.config.OlympusConfig;
import io.olympus.common.event.Uuids;
import io.olympus.common.security.AuthAddresses;
import io.olympus.common.security.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A signing authority for module tests that cannot deploy the auth service (domain modules do not
 * depend on each other): it answers {@code auth.jwks} on the event bus with its public key and mints
 * RS256 access tokens with the issuer and audience the services expect. The services verify them with
 * their real verifier. Cross-service tests with the real auth service live in modules/app.
 */
public final class TestAuthority {

  public static final String KID = "test-authority-key";

  private final KeyPair keys = TestTokens.newRsaKeyPair();
  private final OlympusConfig.Tokens settings;
  private MessageConsumer<JsonObject> jwks;

  public TestAuthority(OlympusConfig config) {
    this.settings = config.tokens();
  }

  /** Starts answering {@code auth.jwks}. */
  public Future<Void> start(Vertx vertx) {
    jwks = vertx.eventBus().consumer(AuthAddresses.JWKS, msg -> msg.reply(TestTokens.jwks(KID, keys)));
    return jwks.completion();
  }

  /** An access token of {@code userId} in {@code tenantId} with a fresh session. */
  public String token(UUID tenantId, UUID userId, List<String> roles) {
    Instant now = Instant.now();
    JsonObject claims = new JsonObject()
        .put("iss", settings.issuer())
        .put("aud", settings.audience())
        .put("sub", userId.toString())
        .put("tid", tenantId.toString())
        .put("sid", Uuids.v7().toString())
        .put("roles", new JsonArray(roles))
        .put("amr", new JsonArray().add("pwd"))
        .put("email_verified", true)
        .put("typ", "at+jwt")
        .put("jti", Uuids.v7().toString())
        .put("iat", now.getEpochSecond())
        .put("exp", now.plusSeconds(900).getEpochSecond());
    return TestTokens.rs256(new JsonObject().put("typ", "at+jwt").put("kid", KID), claims, keys);
  }

  /** {@code Authorization} header value for {@link #token}. */
  public String bearer(UUID tenantId, UUID userId, List<String> roles) {
    return "Bearer " + token(tenantId, userId, roles);
  }
}
