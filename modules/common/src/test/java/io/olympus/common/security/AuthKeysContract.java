package io.olympus.common.security;

import io.olympus.common.testing.ServiceHarness;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.bus.BusContract;
import io.olympus.common.error.UnauthorizedException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every service relies on from {@link AuthKeys} to authenticate callers, asked through {@link AuthKeysClient} over
 * the bus. Run against the auth service's real keys ({@code AuthKeysServerContractTest}, auth module) and against
 * {@code TestAuthority} ({@code TestAuthorityContractTest}, common).
 */
public abstract class AuthKeysContract extends BusContract {

  /** A tenant of the implementation (blocking). */
  protected abstract UUID givenTenant();

  /** An active user of the tenant (blocking). */
  protected abstract UUID givenUser(UUID tenantId);

  /** A new API key of the user granting {@code scopes} (blocking). */
  protected abstract String givenApiKey(UUID tenantId, UUID userId, List<String> scopes);

  /** The key is revoked (blocking). */
  protected abstract void givenRevoked(UUID tenantId, UUID userId, String apiKey);

  private AuthKeysClient client() {
    return new AuthKeysClient(ServiceHarness.bus(vertx));
  }

  @Test
  public void shouldServeSigningKeysTheVerifierAccepts(VertxTestContext ctx) {
    expect(ctx, client().jwks(), jwks -> {
      assertThat(jwks.getJsonArray("keys")).isNotEmpty();
      JsonObject key = jwks.getJsonArray("keys").getJsonObject(0);
      assertThat(key.getString("kid")).isNotBlank();
      assertThat(key.getString("use")).isEqualTo("sig");
      assertThat(Jwks.parse(jwks)).containsKey(key.getString("kid"));
    });
  }

  @Test
  public void shouldVerifyAnApiKeyAsItsCreatorWithItsScopes(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID user = givenUser(tenant);
    String key = givenApiKey(tenant, user, List.of("products:read"));

    expect(ctx, client().verifyApiKey(key), principal -> {
      assertThat(principal.tenantId()).isEqualTo(tenant);
      assertThat(principal.userId()).isEqualTo(user);
      assertThat(principal.scopes()).containsExactly("products:read");
      assertThat(principal.isApiKey()).isTrue();
      assertThat(principal.sessionId()).isNull();
      assertThat(principal.tokenId()).isNotBlank();
    });
  }

  @Test
  public void shouldRefuseAnUnknownKeyAsUnauthorized(VertxTestContext ctx) {
    expectFailure(ctx, client().verifyApiKey("olym_unknownunknownunknownunknown_notasecret"),
        err -> assertThat(err).isInstanceOf(UnauthorizedException.class));
  }

  @Test
  public void shouldRefuseARevokedKeyAsUnauthorized(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID user = givenUser(tenant);
    String key = givenApiKey(tenant, user, List.of("products:read"));
    givenRevoked(tenant, user, key);

    expectFailure(ctx, client().verifyApiKey(key), err -> assertThat(err).isInstanceOf(UnauthorizedException.class));
  }

  @Test
  public void shouldRefuseARequestWithoutAKeyAsUnauthorized(VertxTestContext ctx) {
    expectFailure(ctx, raw(AuthAddresses.VERIFY_API_KEY, new JsonObject()),
        err -> assertThat(err).isInstanceOf(UnauthorizedException.class));
  }

  @Test
  public void shouldAnswerWithTheDocumentedFieldNames(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    String key = givenApiKey(tenant, givenUser(tenant), List.of("products:read"));

    expect(ctx, raw(AuthAddresses.VERIFY_API_KEY, new JsonObject().put("key", key)), reply -> {
      assertThat(reply.fieldNames()).containsExactlyInAnyOrder("user_id", "tenant_id", "session_id", "roles", "scopes",
          "amr", "email_verified", "token_id", "expires_at");
      assertThat(reply.getJsonArray("amr").getList()).containsExactly("api_key");
    });
  }
}
