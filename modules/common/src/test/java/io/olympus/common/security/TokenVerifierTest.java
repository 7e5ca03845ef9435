package io.olympus.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Redis;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TokenVerifierTest {

  private static final String DEFAULT_KID = "key-1";

  private final KeyPair keyPair = TestTokens.newKeyPair();
  private Redis redis;
  private RedisSessionRevocations revocations;
  private TokenVerifier verifier;

  @BeforeEach
  void setUp(Vertx vertx) {
    redis = RedisClients.create(vertx, TestInfra.get().redisUrl(), 2);
    revocations = new RedisSessionRevocations(redis);
    verifier = new TokenVerifier(TokenVerifierOptions.of(TestTokens.ISSUER, TestTokens.AUDIENCE), revocations);
    verifier.updateKeys(TestTokens.jwks(DEFAULT_KID, keyPair));
  }

  @AfterEach
  void tearDown() {
    redis.close();
  }

  private String validToken(UUID sessionId) {
    return TestTokens.es256(TestTokens.header(DEFAULT_KID), TestTokens.claims(sessionId, Instant.now()), keyPair);
  }

  private void assertRefused(String token, String reason, VertxTestContext ctx) {
    verifier.verify(token).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).isInstanceOf(UnauthorizedException.class);
      assertThat(((UnauthorizedException) err).status()).isEqualTo(401);
      assertThat(err.getMessage()).isEqualTo(reason);
      ctx.completeNow();
    })));
  }

  @Test
  void shouldAcceptValidTokenAndReturnPrincipal(VertxTestContext ctx) {
    UUID sessionId = UUID.randomUUID();
    JsonObject claims = TestTokens.claims(sessionId, Instant.now());
    String token = TestTokens.es256(TestTokens.header(DEFAULT_KID), claims, keyPair);
    verifier.verify(token).onComplete(ctx.succeeding(principal -> ctx.verify(() -> {
      assertThat(principal.sessionId()).isEqualTo(sessionId);
      assertThat(principal.userId()).hasToString(claims.getString("sub"));
      assertThat(principal.tenantId()).hasToString(claims.getString("tid"));
      assertThat(principal.roles()).containsExactly("owner");
      assertThat(principal.scopes()).containsExactly("orders:read", "orders:write");
      assertThat(principal.amr()).containsExactly("pwd");
      assertThat(principal.emailVerified()).isTrue();
      assertThat(principal.expiresAt().getEpochSecond()).isEqualTo(claims.getLong("exp"));
      ctx.completeNow();
    })));
  }

  @Test
  void shouldRefuseTamperedToken(VertxTestContext ctx) {
    String token = validToken(UUID.randomUUID());
    String[] parts = token.split("\\.");
    JsonObject claims = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(parts[1])));
    claims.put("roles", new io.vertx.core.json.JsonArray().add("admin"));
    assertRefused(parts[0] + "." + TestTokens.encode(claims) + "." + parts[2], "Invalid token signature", ctx);
  }

  @Test
  void shouldRefuseExpiredToken(VertxTestContext ctx) {
    Instant longAgo = Instant.now().minus(Duration.ofHours(2));
    String token = TestTokens.es256(TestTokens.header(DEFAULT_KID), TestTokens.claims(UUID.randomUUID(), longAgo), keyPair);
    assertRefused(token, "Token expired", ctx);
  }

  @Test
  void shouldRefuseTokenNotYetValid(VertxTestContext ctx) {
    JsonObject claims = TestTokens.claims(UUID.randomUUID(), Instant.now())
        .put("nbf", Instant.now().plusSeconds(600).getEpochSecond());
    assertRefused(TestTokens.es256(TestTokens.header(DEFAULT_KID), claims, keyPair), "Token not yet valid", ctx);
  }

  @Test
  void shouldRefuseUnsignedAlgNoneToken(VertxTestContext ctx) {
    String token = TestTokens.unsigned(TestTokens.header(DEFAULT_KID), TestTokens.claims(UUID.randomUUID(), Instant.now()));
    assertRefused(token, "Token algorithm not accepted", ctx);
  }

  @Test
  void shouldRefuseHs256TokenSignedWithThePublicKey(VertxTestContext ctx) {
    String token = TestTokens.hs256WithPublicKey(
        TestTokens.header(DEFAULT_KID), TestTokens.claims(UUID.randomUUID(), Instant.now()), keyPair);
    assertRefused(token, "Token algorithm not accepted", ctx);
  }

  @Test
  void shouldRefuseTokenWithUnknownKid(VertxTestContext ctx) {
    KeyPair otherPair = TestTokens.newKeyPair();
    String token = TestTokens.es256(TestTokens.header("unknown-kid"), TestTokens.claims(UUID.randomUUID(), Instant.now()), otherPair);
    assertRefused(token, "Unknown token signing key", ctx);
  }

  @Test
  void shouldRefuseTokenSignedByAnotherKeyUnderAKnownKid(VertxTestContext ctx) {
    KeyPair otherPair = TestTokens.newKeyPair();
    String token = TestTokens.es256(TestTokens.header(DEFAULT_KID), TestTokens.claims(UUID.randomUUID(), Instant.now()), otherPair);
    assertRefused(token, "Invalid token signature", ctx);
  }

  @Test
  void shouldAcceptRs256TokenOfAnRsaKey(VertxTestContext ctx) {
    KeyPair rsa = TestTokens.newRsaKeyPair();
    verifier.updateKeys(TestTokens.jwks("rsa-1", rsa));
    String token = TestTokens.rs256(TestTokens.header("rsa-1"), TestTokens.claims(UUID.randomUUID(), Instant.now()), rsa);
    verifier.verify(token).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void shouldRefuseTokenWhoseAlgorithmDoesNotMatchItsKey(VertxTestContext ctx) {
    KeyPair rsa = TestTokens.newRsaKeyPair();
    // header says RS256 but names the EC key
    String token = TestTokens.rs256(TestTokens.header(DEFAULT_KID), TestTokens.claims(UUID.randomUUID(), Instant.now()), rsa);
    assertRefused(token, "Token algorithm not accepted", ctx);
  }

  @Test
  void shouldRefuseHs256TokenSignedWithTheRsaPublicKey(VertxTestContext ctx) {
    KeyPair rsa = TestTokens.newRsaKeyPair();
    verifier.updateKeys(TestTokens.jwks("rsa-1", rsa));
    String token = TestTokens.hs256WithPublicKey(TestTokens.header("rsa-1"), TestTokens.claims(UUID.randomUUID(), Instant.now()), rsa);
    assertRefused(token, "Token algorithm not accepted", ctx);
  }

  @Test
  void shouldRefuseTokenForAnotherAudience(VertxTestContext ctx) {
    JsonObject claims = TestTokens.claims(UUID.randomUUID(), Instant.now()).put("aud", "someone-else");
    assertRefused(TestTokens.es256(TestTokens.header(DEFAULT_KID), claims, keyPair), "Token audience not accepted", ctx);
  }

  @Test
  void shouldRefuseTokenFromAnotherIssuer(VertxTestContext ctx) {
    JsonObject claims = TestTokens.claims(UUID.randomUUID(), Instant.now()).put("iss", "https://evil.test");
    assertRefused(TestTokens.es256(TestTokens.header(DEFAULT_KID), claims, keyPair), "Token issuer not accepted", ctx);
  }

  @Test
  void shouldRefuseTokenThatIsNotAnAccessToken(VertxTestContext ctx) {
    JsonObject header = TestTokens.header(DEFAULT_KID).put("typ", "JWT");
    assertRefused(TestTokens.es256(header, TestTokens.claims(UUID.randomUUID(), Instant.now()), keyPair), "Not an access token", ctx);
  }

  @Test
  void shouldAcceptAccessTokenTypeGivenAsClaim(VertxTestContext ctx) {
    JsonObject header = TestTokens.header(DEFAULT_KID).put("typ", "JWT");
    JsonObject claims = TestTokens.claims(UUID.randomUUID(), Instant.now()).put("typ", "at+jwt");
    verifier.verify(TestTokens.es256(header, claims, keyPair)).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void shouldRefuseRevokedSessionEvenWhenTheTokenIsCached(VertxTestContext ctx) {
    UUID sessionId = UUID.randomUUID();
    String token = validToken(sessionId);
    verifier.verify(token)
        .compose(first -> revocations.revoke(sessionId, Duration.ofMinutes(15)))
        .compose(revoked -> verifier.verify(token))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(UnauthorizedException.class).hasMessage("Session revoked");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldServeRepeatedVerificationFromTheCache(VertxTestContext ctx) {
    String token = validToken(UUID.randomUUID());
    Principal first = verifier.verifyCached(token);
    Principal second = verifier.verifyCached(token);
    ctx.verify(() -> {
      assertThat(second).isSameAs(first);
      ctx.completeNow();
    });
  }

  @Test
  void shouldForgetCachedVerdictsWhenKeysChange(VertxTestContext ctx) {
    String token = validToken(UUID.randomUUID());
    verifier.verify(token)
        .compose(ok -> {
          verifier.updateKeys(TestTokens.jwks("key-2", TestTokens.newKeyPair()));
          return verifier.verify(token);
        })
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).hasMessage("Unknown token signing key");
          ctx.completeNow();
        })));
  }
}
