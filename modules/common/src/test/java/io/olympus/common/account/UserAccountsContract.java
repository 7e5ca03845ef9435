package io.olympus.common.account;

import io.olympus.common.testing.ServiceHarness;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.audit.Actor;
import io.olympus.common.bus.BusContract;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What every consumer of {@link UserAccounts} relies on, asked through {@link UserAccountsClient} over the bus. Run
 * against the auth service's real directory ({@code UserAccountsServerContractTest}, auth module) and against
 * {@link FakeUserAccounts} ({@code FakeUserAccountsContractTest}, common).
 */
public abstract class UserAccountsContract extends BusContract {

  /** A tenant of the implementation with room for users (blocking). */
  protected abstract UUID givenTenant();

  /** An active, verified user of the tenant with this id (blocking). */
  protected abstract void givenUser(UUID tenantId, UUID userId, String email, String displayName);

  private final AtomicLong idClock = new AtomicLong(System.currentTimeMillis());

  /** A user created after every one before: its time-ordered (version 7) id is greater than theirs. */
  private UUID givenUser(UUID tenantId, String email, String displayName) {
    long msb = (idClock.incrementAndGet() << 16) | 0x7000L | ThreadLocalRandom.current().nextInt(0x1000);
    long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    UUID id = new UUID(msb, lsb);
    givenUser(tenantId, id, email, displayName);
    return id;
  }

  private UserAccountsClient client() {
    return new UserAccountsClient(ServiceHarness.bus(vertx));
  }

  private static UserAccounts.Query all(Integer limit, String cursor) {
    return new UserAccounts.Query(null, null, null, limit, cursor);
  }

  @Test
  public void shouldGetAUserOfTheTenant(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID id = givenUser(tenant, "ada@example.test", "Ada");

    expect(ctx, client().get(tenant, id), user -> {
      assertThat(user.id()).isEqualTo(id);
      assertThat(user.email()).isEqualTo("ada@example.test");
      assertThat(user.displayName()).isEqualTo("Ada");
      assertThat(user.active()).isTrue();
      assertThat(user.emailVerified()).isTrue();
      assertThat(user.createdAt()).isNotNull();
      assertThat(user.deactivatedAt()).isNull();
    });
  }

  @Test
  public void shouldFailNotFoundForAUserOfAnotherTenant(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID other = givenTenant();
    UUID id = givenUser(other, "ada@example.test", "Ada");

    expectFailure(ctx, client().get(tenant, id), err -> assertThat(err).isInstanceOf(NotFoundException.class));
  }

  @Test
  public void shouldPageUsersInCreationOrder(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID first = givenUser(tenant, "a@example.test", "A");
    UUID second = givenUser(tenant, "b@example.test", "B");
    UUID third = givenUser(tenant, "c@example.test", "C");
    givenUser(givenTenant(), "elsewhere@example.test", "Elsewhere");

    expect(ctx, client().list(tenant, all(2, null))
        .compose(page -> client().list(tenant, all(2, page.nextCursor())).map(next -> List.of(page, next))), pages -> {
          assertThat(pages.get(0).users()).extracting(AccountUser::id).containsExactly(first, second);
          assertThat(pages.get(0).nextCursor()).isNotNull();
          assertThat(pages.get(1).users()).extracting(AccountUser::id).containsExactly(third);
          assertThat(pages.get(1).nextCursor()).isNull();
        });
  }

  @Test
  public void shouldFilterUsersBySearchStatusAndIds(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID ada = givenUser(tenant, "ada@example.test", "Ada Lovelace");
    UUID grace = givenUser(tenant, "grace@example.test", "Grace Hopper");
    UUID alan = givenUser(tenant, "alan@example.test", "Alan Turing");

    expect(ctx, client().deactivate(tenant, alan, List.of(), Actor.SYSTEM)
        .compose(v -> Future.all(
            client().list(tenant, new UserAccounts.Query("LOVE", null, null, null, null)),
            client().list(tenant, new UserAccounts.Query(null, AccountUser.DEACTIVATED, null, null, null)),
            client().list(tenant, new UserAccounts.Query(null, AccountUser.ACTIVE, List.of(grace, alan), null, null)))),
        all -> {
          assertThat(all.<UserAccounts.Page>resultAt(0).users()).extracting(AccountUser::id).containsExactly(ada);
          assertThat(all.<UserAccounts.Page>resultAt(1).users()).extracting(AccountUser::id).containsExactly(alan);
          assertThat(all.<UserAccounts.Page>resultAt(2).users()).extracting(AccountUser::id).containsExactly(grace);
        });
  }

  @Test
  public void shouldChangeTheDisplayName(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID id = givenUser(tenant, "ada@example.test", "Ada");

    expect(ctx, client().updateDisplayName(tenant, id, "Countess", Actor.SYSTEM)
        .compose(updated -> client().get(tenant, id).map(read -> List.of(updated, read))), users -> {
          assertThat(users.get(0).displayName()).isEqualTo("Countess");
          assertThat(users.get(1)).isEqualTo(users.get(0));
        });
  }

  @Test
  public void shouldDeactivateAndReactivateAUser(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID id = givenUser(tenant, "ada@example.test", "Ada");
    givenUser(tenant, "grace@example.test", "Grace");

    expect(ctx, client().deactivate(tenant, id, List.of(), Actor.SYSTEM)
        .compose(deactivated -> client().count(tenant)
            .compose(counted -> client().reactivate(tenant, id, Actor.SYSTEM)
                .compose(reactivated -> client().count(tenant)
                    .map(after -> List.of(deactivated, counted, reactivated, after))))), steps -> {
          AccountUser deactivated = (AccountUser) steps.get(0);
          assertThat(deactivated.status()).isEqualTo(AccountUser.DEACTIVATED);
          assertThat(deactivated.deactivatedAt()).isNotNull();
          assertThat(steps.get(1)).isEqualTo(new UserAccounts.Counts(1, 1));
          AccountUser reactivated = (AccountUser) steps.get(2);
          assertThat(reactivated.active()).isTrue();
          assertThat(reactivated.deactivatedAt()).isNull();
          assertThat(steps.get(3)).isEqualTo(new UserAccounts.Counts(2, 0));
        });
  }

  @Test
  public void shouldRefuseToDeactivateTheLastActiveOwner(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID owner = givenUser(tenant, "owner@example.test", "Owner");
    UUID other = givenUser(tenant, "other@example.test", "Other");

    expectFailure(ctx, client().deactivate(tenant, other, List.of(owner, other), Actor.SYSTEM)
            .compose(v -> client().deactivate(tenant, owner, List.of(owner, other), Actor.SYSTEM)),
        err -> assertThat(err).isInstanceOf(ConflictException.class));
  }

  @Test
  public void shouldTellWhetherAnyOfSomeUsersIsActive(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID ada = givenUser(tenant, "ada@example.test", "Ada");
    UUID grace = givenUser(tenant, "grace@example.test", "Grace");

    expect(ctx, client().deactivate(tenant, grace, List.of(), Actor.SYSTEM)
        .compose(v -> Future.all(client().anyActive(tenant, List.of(ada, grace)), client().anyActive(tenant, List.of(grace)),
            client().anyActive(tenant, List.of()))), all -> {
          assertThat(all.<Boolean>resultAt(0)).isTrue();
          assertThat(all.<Boolean>resultAt(1)).isFalse();
          assertThat(all.<Boolean>resultAt(2)).isFalse();
        });
  }

  @Test
  public void shouldAnswerWithTheDocumentedFieldNames(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID id = givenUser(tenant, "ada@example.test", "Ada");
    JsonObject ids = new JsonObject().put("tenant_id", tenant.toString()).put("user_id", id.toString());

    expect(ctx, Future.all(raw(AuthAddresses.USERS_GET, ids), raw(AuthAddresses.USERS_LIST, ids.copy().put("limit", 1)),
        raw(AuthAddresses.USERS_COUNT, new JsonObject().put("tenant_id", tenant.toString()))), all -> {
          assertThat(all.<JsonObject>resultAt(0).fieldNames()).containsExactlyInAnyOrder("id", "email", "display_name",
              "status", "email_verified", "created_at", "updated_at", "deactivated_at", "last_login_at", "last_seen_at");
          assertThat(all.<JsonObject>resultAt(1).fieldNames()).containsExactlyInAnyOrder("users", "next_cursor");
          assertThat(all.<JsonObject>resultAt(2).fieldNames()).containsExactlyInAnyOrder("active", "deactivated");
        });
  }

  @Test
  public void shouldRefuseMalformedRequestsNamingTheFields(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID id = givenUser(tenant, "ada@example.test", "Ada");

    expect(ctx, Future.all(
            raw(AuthAddresses.USERS_LIST, new JsonObject().put("tenant_id", tenant.toString()).put("status", "gone")
                .put("limit", 0).put("cursor", "nope")).transform(ar -> Future.succeededFuture(fields(ar.cause()))),
            raw(AuthAddresses.USERS_UPDATE, new JsonObject().put("tenant_id", tenant.toString()).put("user_id", id.toString())
                .put("display_name", "")).transform(ar -> Future.succeededFuture(fields(ar.cause()))),
            raw(AuthAddresses.USERS_GET, new JsonObject().put("tenant_id", tenant.toString()))
                .transform(ar -> Future.succeededFuture(fields(ar.cause())))),
        all -> {
          assertThat(all.<List<String>>resultAt(0)).containsExactlyInAnyOrder("status", "limit", "cursor");
          assertThat(all.<List<String>>resultAt(1)).containsExactly("display_name");
          assertThat(all.<List<String>>resultAt(2)).containsExactly("user_id");
        });
  }
}
