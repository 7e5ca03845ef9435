package io.olympus.common.tenant;

import io.olympus.common.testing.ServiceHarness;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.bus.BusContract;
import io.olympus.common.error.NotFoundException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every consumer of {@link Tenants} relies on, asked through {@link TenantClient} over the bus. Run against the
 * platform's real server side ({@code TenantsServerContractTest}, platform module) and against {@link FakeTenants}
 * ({@code FakeTenantsContractTest}, common), so the fake cannot drift from the service.
 */
public abstract class TenantsContract extends BusContract {

  /** An active tenant, as the implementation stores it (blocking). */
  protected abstract UUID givenTenant(String slug, String name, String plan);

  /** The tenant is suspended (blocking). */
  protected abstract void givenSuspended(UUID tenantId);

  /** The tenant is deleted (blocking). */
  protected abstract void givenDeleted(UUID tenantId);

  private TenantClient client() {
    return new TenantClient(ServiceHarness.bus(vertx));
  }

  @Test
  public void shouldResolveATenantBySlug(VertxTestContext ctx) {
    UUID id = givenTenant("acme", "Acme", "pro");

    expect(ctx, client().bySlug("acme"), tenant -> {
      assertThat(tenant.id()).isEqualTo(id);
      assertThat(tenant.slug()).isEqualTo("acme");
      assertThat(tenant.name()).isEqualTo("Acme");
      assertThat(tenant.plan()).isEqualTo("pro");
      assertThat(tenant.isActive()).isTrue();
    });
  }

  @Test
  public void shouldResolveATenantByIdAsBySlug(VertxTestContext ctx) {
    UUID id = givenTenant("globex", "Globex", "free");

    expect(ctx, Future.all(client().byId(id), client().bySlug("globex")),
        both -> assertThat((TenantInfo) both.resultAt(0)).isEqualTo(both.resultAt(1)));
  }

  @Test
  public void shouldFailNotFoundForAnUnknownSlug(VertxTestContext ctx) {
    givenTenant("acme", "Acme", "pro");

    expectFailure(ctx, client().bySlug("nobody"), err -> assertThat(err).isInstanceOf(NotFoundException.class));
  }

  @Test
  public void shouldFailNotFoundForAnUnknownId(VertxTestContext ctx) {
    givenTenant("acme", "Acme", "pro");

    expectFailure(ctx, client().byId(UUID.randomUUID()), err -> assertThat(err).isInstanceOf(NotFoundException.class));
  }

  @Test
  public void shouldReportASuspendedTenantAsNotActive(VertxTestContext ctx) {
    UUID id = givenTenant("initech", "Initech", "pro");
    givenSuspended(id);

    expect(ctx, client().byId(id), tenant -> {
      assertThat(tenant.status()).isEqualTo("suspended");
      assertThat(tenant.isActive()).isFalse();
    });
  }

  @Test
  public void shouldFailNotFoundForADeletedTenant(VertxTestContext ctx) {
    givenTenant("umbrella", "Umbrella", "pro");
    UUID deleted = givenTenant("umbrella-old", "Umbrella", "pro");
    givenDeleted(deleted);

    expectFailure(ctx, client().bySlug("umbrella-old"), err -> assertThat(err).isInstanceOf(NotFoundException.class));
  }

  @Test
  public void shouldAnswerWithTheDocumentedFieldNames(VertxTestContext ctx) {
    UUID id = givenTenant("hooli", "Hooli", "pro");

    expect(ctx, raw(TenantAddresses.RESOLVE, new JsonObject().put("slug", "hooli")), reply -> {
      assertThat(reply.fieldNames()).containsExactlyInAnyOrder("id", "slug", "name", "plan", "status",
          "api_requests_per_minute", "ip_allow", "ip_deny", "max_products");
      assertThat(reply.getString("id")).isEqualTo(id.toString());
      assertThat(reply.getJsonArray("ip_allow")).isEmpty();
      assertThat(reply.getJsonArray("ip_deny")).isEmpty();
    });
  }

  @Test
  public void shouldRefuseALookupWithoutSlugOrIdNamingSlug(VertxTestContext ctx) {
    expectFailure(ctx, raw(TenantAddresses.RESOLVE, new JsonObject()), err -> assertThat(fields(err)).containsExactly("slug"));
  }

  @Test
  public void shouldRefuseAnIdThatIsNoUuidNamingId(VertxTestContext ctx) {
    expectFailure(ctx, raw(TenantAddresses.RESOLVE, new JsonObject().put("id", "nope")),
        err -> assertThat(fields(err)).containsExactly("id"));
  }
}
