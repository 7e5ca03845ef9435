package io.olympus.common.account;

import io.olympus.common.testing.ServiceHarness;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.bus.BusContract;
import io.olympus.common.error.ConflictException;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the platform's tenant sign-up relies on from {@link OwnerSignUp}, asked through {@link OwnerSignUpClient} over the
 * bus. Run against the auth service's real registration ({@code OwnerSignUpServerContractTest}, auth module) and against
 * {@link FakeOwnerSignUp} ({@code FakeOwnerSignUpContractTest}, common).
 */
public abstract class OwnerSignUpContract extends BusContract {

  protected static final String PASSWORD = "correct horse battery staple 42";

  /** A new tenant with room for its owner (blocking). */
  protected abstract UUID givenTenant();

  private OwnerSignUpClient client() {
    return new OwnerSignUpClient(ServiceHarness.bus(vertx));
  }

  private static OwnerSignUp.NewOwner owner(UUID tenant, UUID user, String email, String password) {
    return new OwnerSignUp.NewOwner(tenant, user, email, password, "Owner", "req-1");
  }

  @Test
  public void shouldSignInTheNewOwnerUnderTheGivenId(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID user = UUID.randomUUID();

    expect(ctx, client().registerOwner(owner(tenant, user, "owner@example.test", PASSWORD)), signedIn -> {
      assertThat(signedIn.userId()).isEqualTo(user);
      assertThat(signedIn.tokenType()).isEqualTo("Bearer");
      assertThat(signedIn.accessToken()).isNotBlank();
      assertThat(signedIn.refreshToken()).isNotBlank();
      assertThat(signedIn.sessionId()).isNotBlank();
      assertThat(signedIn.expiresIn()).isPositive();
    });
  }

  @Test
  public void shouldRefuseAShortPasswordNamingPassword(VertxTestContext ctx) {
    UUID tenant = givenTenant();

    expectFailure(ctx, client().registerOwner(owner(tenant, UUID.randomUUID(), "owner@example.test", "short")),
        err -> assertThat(fields(err)).contains("password"));
  }

  @Test
  public void shouldRefuseAMalformedEmailNamingEmail(VertxTestContext ctx) {
    UUID tenant = givenTenant();

    expectFailure(ctx, client().registerOwner(owner(tenant, UUID.randomUUID(), "not-an-address", PASSWORD)),
        err -> assertThat(fields(err)).containsExactly("email"));
  }

  @Test
  public void shouldRefuseATakenEmailAsConflict(VertxTestContext ctx) {
    UUID tenant = givenTenant();

    expectFailure(ctx, client().registerOwner(owner(tenant, UUID.randomUUID(), "owner@example.test", PASSWORD))
            .compose(first -> client().registerOwner(owner(tenant, UUID.randomUUID(), "Owner@Example.test", PASSWORD))),
        err -> assertThat(err).isInstanceOf(ConflictException.class));
  }

  @Test
  public void shouldRefuseMalformedRequestsNamingTheFields(VertxTestContext ctx) {
    expectFailure(ctx, raw(AuthAddresses.REGISTER_OWNER, new JsonObject().put("tenant_id", "nope")
            .put("email", "owner@example.test").put("password", PASSWORD).put("display_name", ""), OwnerSignUp.TIMEOUT_MS),
        err -> assertThat(fields(err)).containsExactlyInAnyOrder("tenant_id", "display_name"));
  }

  @Test
  public void shouldAnswerWithTheDocumentedFieldNames(VertxTestContext ctx) {
    UUID tenant = givenTenant();

    expect(ctx, raw(AuthAddresses.REGISTER_OWNER, owner(tenant, UUID.randomUUID(), "owner@example.test", PASSWORD).toJson(),
            OwnerSignUp.TIMEOUT_MS),
        reply -> assertThat(reply.fieldNames()).containsExactlyInAnyOrder("access_token", "token_type", "expires_in",
            "refresh_token", "session_id", "user_id"));
  }
}
