package io.olympus.common.flag;

import io.olympus.common.testing.ServiceHarness;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.bus.BusContract;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every consumer of {@link Flags} relies on, asked through {@link FlagsClient} over the bus. Run against the
 * platform's real flags ({@code FlagsServerContractTest}, platform module) and against {@link FakeFlags}
 * ({@code FakeFlagsContractTest}, common).
 */
public abstract class FlagsContract extends BusContract {

  /** A tenant of the implementation (blocking). */
  protected abstract UUID givenTenant();

  /** The tenant's flag, fully rolled out, without variants, for {@code targetRoles} (empty: everyone) (blocking). */
  protected abstract void givenFlag(UUID tenantId, String key, boolean enabled, List<String> targetRoles);

  private Future<Map<String, FlagEvaluation>> evaluate(UUID tenant, List<String> roles) {
    return new FlagsClient(ServiceHarness.bus(vertx)).evaluate(new Flags.Evaluate(tenant, UUID.randomUUID(), roles, null));
  }

  @Test
  public void shouldEvaluateNoFlagsForATenantWithout(VertxTestContext ctx) {
    UUID tenant = givenTenant();

    expect(ctx, evaluate(tenant, List.of()), flags -> assertThat(flags).isEmpty());
  }

  @Test
  public void shouldEvaluateEveryFlagOfTheTenant(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    givenFlag(tenant, "beta", true, List.of());
    givenFlag(tenant, "legacy", false, List.of());

    expect(ctx, evaluate(tenant, List.of()), flags -> {
      assertThat(flags).containsOnlyKeys("beta", "legacy");
      assertThat(flags.get("beta")).isEqualTo(new FlagEvaluation(true, null, "rollout"));
      assertThat(flags.get("legacy")).isEqualTo(new FlagEvaluation(false, null, "disabled"));
    });
  }

  @Test
  public void shouldEvaluateARoleTargetedFlagByTheCallersRoles(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    givenFlag(tenant, "staff-tools", true, List.of("manager"));

    expect(ctx, Future.all(evaluate(tenant, List.of("manager")), evaluate(tenant, List.of("staff"))), both -> {
      assertThat(both.<Map<String, FlagEvaluation>>resultAt(0).get("staff-tools").enabled()).isTrue();
      assertThat(both.<Map<String, FlagEvaluation>>resultAt(1).get("staff-tools"))
          .isEqualTo(new FlagEvaluation(false, null, "role not targeted"));
    });
  }

  @Test
  public void shouldKeepFlagsWithinTheirTenant(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    UUID other = givenTenant();
    givenFlag(other, "beta", true, List.of());

    expect(ctx, evaluate(tenant, List.of()), flags -> assertThat(flags).isEmpty());
  }

  @Test
  public void shouldAnswerWithTheDocumentedFieldNames(VertxTestContext ctx) {
    UUID tenant = givenTenant();
    givenFlag(tenant, "beta", true, List.of());

    expect(ctx, raw(FlagAddresses.EVALUATE, new JsonObject().put("tenant_id", tenant.toString())
        .put("user_id", UUID.randomUUID().toString())), reply -> {
          assertThat(reply.fieldNames()).containsExactly("flags");
          assertThat(reply.getJsonObject("flags").getJsonObject("beta").fieldNames())
              .containsExactlyInAnyOrder("enabled", "variant", "reason");
        });
  }

  @Test
  public void shouldRefuseMalformedRequestsNamingTheFields(VertxTestContext ctx) {
    expectFailure(ctx, raw(FlagAddresses.EVALUATE, new JsonObject().put("tenant_id", "x").put("location_id", "y")),
        err -> assertThat(fields(err)).containsExactlyInAnyOrder("tenant_id", "user_id", "location_id"));
  }
}
