package io.olympus.auth.token.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.auth.config.AuthConfig;
import io.olympus.auth.testing.MutableClock;
import io.olympus.auth.token.repository.SigningKeyRepository;
import io.olympus.common.security.Principal;
import io.olympus.common.security.SessionRevocations;
import io.olympus.common.security.TokenVerifier;
import io.olympus.common.security.TokenVerifierOptions;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SigningKeyServiceTest {

  private static final AuthConfig CONFIG = AuthConfig.defaults();
  private static final AccessTokenClaims DEFAULT_CLAIMS = new AccessTokenClaims(
      UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), List.of("owner"), List.of("orders:read"), List.of("pwd"), true);

  private final TestInfra infra = TestInfra.get();
  private Pool pool;

  @BeforeEach
  void setUp(Vertx vertx) {
    infra.truncateAll();
    pool = infra.appPool(vertx);
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  private SigningKeyService service(Vertx vertx, Clock clock) {
    return new SigningKeyService(vertx, new SigningKeyRepository(pool), CONFIG, clock);
  }

  private static TokenVerifier verifier(JsonObject jwks) {
    TokenVerifier verifier = new TokenVerifier(TokenVerifierOptions.of(CONFIG.issuer(), CONFIG.audience()), SessionRevocations.NONE);
    verifier.updateKeys(jwks);
    return verifier;
  }

  @Test
  void shouldIssueAccessTokenThatTheSharedVerifierAccepts(Vertx vertx, VertxTestContext ctx) {
    SigningKeyService keys = service(vertx, Clock.systemUTC());
    AccessTokenIssuer issuer = new AccessTokenIssuer(vertx, keys, CONFIG, Clock.systemUTC());
    keys.start()
        .compose(started -> {
          IssuedAccessToken issued = issuer.issue(DEFAULT_CLAIMS);
          ctx.verify(() -> {
            JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(issued.token().split("\\.")[0])));
            assertThat(header.getString("alg")).isEqualTo("RS256");
            assertThat(header.getString("typ")).isEqualTo("at+jwt");
            assertThat(header.getString("kid")).isEqualTo(keys.activeKey().orElseThrow().kid());
            assertThat(issued.expiresAt()).isBetween(Instant.now().plusSeconds(890), Instant.now().plusSeconds(901));
          });
          return verifier(keys.jwks()).verify(issued.token());
        })
        .onComplete(ctx.succeeding(principal -> ctx.verify(() -> {
          assertThat(principal).isEqualTo(new Principal(DEFAULT_CLAIMS.userId(), DEFAULT_CLAIMS.tenantId(),
              DEFAULT_CLAIMS.sessionId(), List.of("owner"), List.of("orders:read"), List.of("pwd"), true,
              principal.tokenId(), principal.expiresAt()));
          ctx.completeNow();
        })));
  }

  @Test
  void shouldSignOnTheSigningPoolAndAnswerOnTheCallersEventLoop(Vertx vertx, VertxTestContext ctx) {
    SigningKeyService keys = service(vertx, Clock.systemUTC());
    // the issuer reads the clock while it builds the token: the clock says on which thread that happened
    java.util.concurrent.atomic.AtomicReference<String> signedOn = new java.util.concurrent.atomic.AtomicReference<>();
    Clock observing = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        signedOn.set(Thread.currentThread().getName());
        return Instant.now();
      }
    };
    AccessTokenIssuer issuer = new AccessTokenIssuer(vertx, keys, CONFIG, observing);
    io.vertx.core.Context eventLoop = vertx.getOrCreateContext();
    eventLoop.runOnContext(go -> keys.start()
        .compose(started -> issuer.sign(DEFAULT_CLAIMS))
        .compose(issued -> {
          ctx.verify(() -> {
            assertThat(signedOn.get()).startsWith(AccessTokenIssuer.POOL_NAME);
            assertThat(io.vertx.core.Context.isOnEventLoopThread()).isTrue();
            assertThat(vertx.getOrCreateContext()).isSameAs(eventLoop);
          });
          return verifier(keys.jwks()).verify(issued.token());
        })
        .onComplete(ctx.succeeding(principal -> ctx.verify(() -> {
          assertThat(principal.userId()).isEqualTo(DEFAULT_CLAIMS.userId());
          ctx.completeNow();
        }))));
  }

  @Test
  void shouldIssueEs256TokensWhenConfiguredAndKeepVerifyingRs256Ones(Vertx vertx, VertxTestContext ctx) {
    SigningKeyService rsaKeys = service(vertx, Clock.systemUTC());
    AuthConfig ecConfig = CONFIG.withSigningAlgorithm("ES256");
    SigningKeyService ecKeys = new SigningKeyService(vertx, new SigningKeyRepository(pool), ecConfig, Clock.systemUTC());
    rsaKeys.start()
        .compose(started -> {
          IssuedAccessToken rsaToken = new AccessTokenIssuer(vertx, rsaKeys, CONFIG, Clock.systemUTC()).issue(DEFAULT_CLAIMS);
          return ecKeys.start()
              .compose(loaded -> ecKeys.rotate())
              .compose(ecKey -> {
                IssuedAccessToken ecToken = new AccessTokenIssuer(vertx, ecKeys, ecConfig, Clock.systemUTC()).issue(DEFAULT_CLAIMS);
                JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(ecToken.token().split("\\.")[0])));
                ctx.verify(() -> {
                  assertThat(ecKey.algorithm()).isEqualTo("ES256");
                  assertThat(header.getString("alg")).isEqualTo("ES256");
                  assertThat(header.getString("typ")).isEqualTo("at+jwt");
                });
                TokenVerifier verifier = verifier(ecKeys.jwks());
                return verifier.verify(ecToken.token())
                    .compose(ok -> verifier.verify(rsaToken.token()));
              });
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void shouldRenderJwksWithPublicPartsOnly(Vertx vertx, VertxTestContext ctx) {
    SigningKeyService keys = service(vertx, Clock.systemUTC());
    keys.start()
        .onComplete(ctx.succeeding(started -> ctx.verify(() -> {
          JsonObject jwk = keys.jwks().getJsonArray("keys").getJsonObject(0);
          assertThat(jwk.fieldNames()).containsExactlyInAnyOrder("kty", "n", "e", "kid", "use", "alg");
          assertThat(jwk.getString("kty")).isEqualTo("RSA");
          assertThat(jwk.getString("alg")).isEqualTo("RS256");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldKeepVerifyingTokensOfARotatedOutKey(Vertx vertx, VertxTestContext ctx) {
    SigningKeyService keys = service(vertx, Clock.systemUTC());
    AccessTokenIssuer issuer = new AccessTokenIssuer(vertx, keys, CONFIG, Clock.systemUTC());
    keys.start()
        .compose(started -> {
          IssuedAccessToken before = issuer.issue(DEFAULT_CLAIMS);
          return keys.rotate()
              .compose(newKey -> {
                IssuedAccessToken after = issuer.issue(DEFAULT_CLAIMS);
                TokenVerifier verifier = verifier(keys.jwks());
                ctx.verify(() -> {
                  assertThat(after.kid()).isEqualTo(newKey.kid()).isNotEqualTo(before.kid());
                  assertThat(verifier.knownKeyIds()).containsExactlyInAnyOrder(before.kid(), after.kid());
                });
                return verifier.verify(before.token())
                    .compose(oldOk -> verifier.verify(after.token()));
              });
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void shouldDropRotatedOutKeyFromJwksOnceItsTokensHaveExpired(Vertx vertx, VertxTestContext ctx) {
    MutableClock clock = new MutableClock(Instant.now());
    SigningKeyService keys = service(vertx, clock);
    keys.start()
        .compose(started -> keys.rotate())
        .compose(newKey -> {
          clock.advance(CONFIG.accessTokenTtl().plus(SigningKeyService.EXPIRY_MARGIN).plus(Duration.ofSeconds(1)));
          return keys.reload().map(reloaded -> newKey);
        })
        .onComplete(ctx.succeeding(newKey -> ctx.verify(() -> {
          assertThat(keys.jwks().getJsonArray("keys")).hasSize(1);
          assertThat(keys.jwks().getJsonArray("keys").getJsonObject(0).getString("kid")).isEqualTo(newKey.kid());
          ctx.completeNow();
        })));
  }

  @Test
  void shouldStorePrivateKeyEncryptedAndReloadItAfterRestart(Vertx vertx, VertxTestContext ctx) {
    SigningKeyService first = service(vertx, Clock.systemUTC());
    SigningKeyService restarted = service(vertx, Clock.systemUTC());
    first.start()
        .compose(started -> restarted.start())
        .compose(started -> pool.query("SELECT private_key_enc FROM auth_signing_keys").execute())
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.size()).isEqualTo(1);
          byte[] stored = rows.iterator().next().getBuffer(0).getBytes();
          // PKCS#8 DER of an EC key starts with SEQUENCE (0x30); ours is version byte 1 + nonce + ciphertext
          assertThat(stored[0]).isEqualTo((byte) 1);
          assertThat(restarted.activeKey().orElseThrow().kid()).isEqualTo(first.activeKey().orElseThrow().kid());
          ctx.completeNow();
        })));
  }

  @Test
  void shouldReplaceKeysThatNoLongerDecryptWithAFreshKey(Vertx vertx, VertxTestContext ctx) {
    SigningKeyService first = service(vertx, Clock.systemUTC());
    AuthConfig otherKek = AuthConfig.from(new JsonObject()
        .put("AUTH_KEY_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(new byte[32])));
    SigningKeyService other = new SigningKeyService(vertx, new SigningKeyRepository(pool), otherKek, Clock.systemUTC());
    first.start()
        .compose(started -> other.start())
        .onComplete(ctx.succeeding(started -> ctx.verify(() -> {
          assertThat(other.activeKey().orElseThrow().kid()).isNotEqualTo(first.activeKey().orElseThrow().kid());
          ctx.completeNow();
        })));
  }
}
