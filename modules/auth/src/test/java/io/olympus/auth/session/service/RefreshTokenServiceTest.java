package io.olympus.auth.session.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.auth.account.repository.Account;
import io.olympus.auth.account.repository.AccountRepository;
import io.olympus.auth.config.AuthConfig;
import io.olympus.auth.session.repository.RefreshTokenRepository;
import io.olympus.auth.testing.MutableClock;
import io.olympus.auth.token.repository.SigningKeyRepository;
import io.olympus.auth.token.service.AccessTokenIssuer;
import io.olympus.auth.token.service.SigningKeyService;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.redis.RedisClients;
import io.olympus.common.security.RedisSessionRevocations;
import io.olympus.common.security.TokenVerifier;
import io.olympus.common.security.TokenVerifierOptions;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RefreshTokenServiceTest {

  private static final UUID TENANT_A = UUID.fromString("00000000-0000-7000-8000-0000000000a1");
  private static final UUID TENANT_B = UUID.fromString("00000000-0000-7000-8000-0000000000b1");
  private static final AuthConfig CONFIG = AuthConfig.defaults();
  private static final List<String> DEFAULT_AMR = List.of("pwd");

  private final TestInfra infra = TestInfra.get();
  private final MutableClock clock = new MutableClock(Instant.now());
  private Pool pool;
  private Redis redis;
  private RedisSessionRevocations revocations;
  private SigningKeyService keys;
  private RefreshTokenService service;
  private Account userA;

  @BeforeEach
  void setUp(Vertx vertx) {
    infra.truncateAll();
    pool = infra.appPool(vertx);
    redis = RedisClients.create(vertx, infra.redisUrl(), 2);
    revocations = new RedisSessionRevocations(redis);
    keys = new SigningKeyService(vertx, new SigningKeyRepository(pool), CONFIG, clock);
    keys.start().await();
    AccessTokenIssuer issuer = new AccessTokenIssuer(vertx, keys, CONFIG, clock);
    service = new RefreshTokenService(pool, new RefreshTokenRepository(), issuer, revocations::revoke, CONFIG, clock);
    AccountRepository accounts = new AccountRepository();
    userA = Tenancy.inTenant(pool, TENANT_A, conn -> accounts.insert(conn, TENANT_A, "alice@example.com", "Alice", null,
        true, List.of("owner"))).await();
    Tenancy.inTenant(pool, TENANT_B, conn -> accounts.insert(conn, TENANT_B, "bob@example.com", "Bob", null, true,
        List.of("owner"))).await();
  }

  @AfterEach
  void tearDown() {
    redis.close();
    pool.close().await();
  }

  private Future<TokenPair> signIn() {
    RefreshTokenService.NewFamily family = service.open(TENANT_A, userA.id(), UUID.randomUUID(), userA.roles(),
        userA.emailVerified(), DEFAULT_AMR);
    return Tenancy.inTenant(pool, TENANT_A, family::storeIn);
  }

  private static void assertUnauthorized(Throwable err, String message) {
    assertThat(err).isInstanceOf(UnauthorizedException.class).hasMessage(message);
  }

  @Test
  void shouldRotateRefreshTokenOnEveryRefresh(VertxTestContext ctx) {
    TokenVerifier verifier = new TokenVerifier(TokenVerifierOptions.of(CONFIG.issuer(), CONFIG.audience()), revocations);
    verifier.updateKeys(keys.jwks());
    signIn()
        .compose(first -> service.refresh(TENANT_A, first.refreshToken())
            .map(second -> {
              ctx.verify(() -> {
                assertThat(second.refreshToken()).startsWith("ort_").isNotEqualTo(first.refreshToken());
                assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
                assertThat(second.sessionId()).isEqualTo(first.sessionId());
                assertThat(second.refreshTokenExpiresAt()).isEqualTo(first.refreshTokenExpiresAt());
              });
              return second;
            }))
        .compose(second -> service.refresh(TENANT_A, second.refreshToken()))
        .compose(third -> verifier.verify(third.accessToken()))
        .onComplete(ctx.succeeding(principal -> ctx.verify(() -> {
          assertThat(principal.userId()).isEqualTo(userA.id());
          assertThat(principal.tenantId()).isEqualTo(TENANT_A);
          assertThat(principal.roles()).containsExactly("owner");
          assertThat(principal.amr()).containsExactly("pwd");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldStoreOnlyTheHashOfRefreshTokens(VertxTestContext ctx) {
    signIn()
        .compose(pair -> Tenancy.inTenant(pool, TENANT_A, conn -> conn
                .preparedQuery("SELECT token_hash FROM auth_refresh_tokens WHERE tenant_id = $1").execute(Tuple.of(TENANT_A)))
            .map(rows -> {
              ctx.verify(() -> assertThat(rows.iterator().next().getBuffer(0).getBytes())
                  .isEqualTo(RefreshTokenService.hash(pair.refreshToken())));
              return rows;
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void shouldRevokeTheWholeFamilyWhenARotatedTokenIsReused(VertxTestContext ctx) {
    signIn()
        .compose(first -> service.refresh(TENANT_A, first.refreshToken())
            .compose(second -> {
              clock.advance(CONFIG.refreshReuseGrace().plusSeconds(1));
              return service.refresh(TENANT_A, first.refreshToken())
                  .transform(reuse -> {
                    ctx.verify(() -> assertUnauthorized(reuse.cause(), "Refresh token reuse detected; session revoked"));
                    return service.refresh(TENANT_A, second.refreshToken());
                  })
                  .transform(latest -> {
                    ctx.verify(() -> assertUnauthorized(latest.cause(), "Refresh token revoked"));
                    return revocations.isRevoked(first.sessionId());
                  });
            }))
        .onComplete(ctx.succeeding(sessionRevoked -> ctx.verify(() -> {
          assertThat(sessionRevoked).isTrue();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldGiveTwoConcurrentRefreshesInsideTheGraceWindowTheSamePair(VertxTestContext ctx) {
    signIn()
        .compose(first -> Future.all(service.refresh(TENANT_A, first.refreshToken()), service.refresh(TENANT_A, first.refreshToken())))
        .compose(both -> {
          TokenPair one = both.resultAt(0);
          TokenPair two = both.resultAt(1);
          ctx.verify(() -> assertThat(two).isEqualTo(one));
          return service.refresh(TENANT_A, one.refreshToken());
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void shouldTreatReuseAfterTheSuccessorWasRotatedAsTheftEvenInsideTheGraceWindow(VertxTestContext ctx) {
    signIn()
        .compose(first -> service.refresh(TENANT_A, first.refreshToken())
            .compose(second -> service.refresh(TENANT_A, second.refreshToken()))
            .compose(third -> service.refresh(TENANT_A, first.refreshToken())))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertUnauthorized(err, "Refresh token reuse detected; session revoked");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseRefreshTokenOfTenantAInTenantB(VertxTestContext ctx) {
    signIn()
        .compose(pair -> service.refresh(TENANT_B, pair.refreshToken())
            .transform(inB -> {
              ctx.verify(() -> assertUnauthorized(inB.cause(), "Invalid refresh token"));
              return service.refresh(TENANT_A, pair.refreshToken());
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void shouldHideTenantARefreshTokensFromTenantBByRowLevelSecurityAlone(VertxTestContext ctx) {
    String unfiltered = "SELECT (SELECT count(*) FROM auth_refresh_tokens WHERE token_hash = $1)"
        + " + (SELECT count(*) FROM auth_refresh_token_families)";
    signIn()
        .compose(pair -> {
          Tuple hash = Tuple.of(Buffer.buffer(RefreshTokenService.hash(pair.refreshToken())));
          return Future.all(
              Tenancy.inTenant(pool, TENANT_B, conn -> conn.preparedQuery(unfiltered).execute(hash)),
              Tenancy.inTenant(pool, TENANT_A, conn -> conn.preparedQuery(unfiltered).execute(hash)));
        })
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> inB = both.resultAt(0);
          io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> inA = both.resultAt(1);
          assertThat(inB.iterator().next().getLong(0)).isZero();
          assertThat(inA.iterator().next().getLong(0)).isEqualTo(2);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseRefreshAfterTheAbsoluteLifetime(VertxTestContext ctx) {
    signIn()
        .compose(pair -> {
          clock.advance(CONFIG.refreshTokenTtl().plus(Duration.ofSeconds(1)));
          return service.refresh(TENANT_A, pair.refreshToken());
        })
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertUnauthorized(err, "Refresh token expired");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseRefreshAndAccessAfterSignOut(VertxTestContext ctx) {
    signIn()
        .compose(pair -> service.revokeSession(TENANT_A, pair.sessionId())
            .compose(revoked -> service.refresh(TENANT_A, pair.refreshToken()))
            .transform(refreshed -> {
              ctx.verify(() -> assertUnauthorized(refreshed.cause(), "Refresh token revoked"));
              return revocations.isRevoked(pair.sessionId());
            }))
        .onComplete(ctx.succeeding(revoked -> ctx.verify(() -> {
          assertThat(revoked).isTrue();
          ctx.completeNow();
        })));
  }
}
