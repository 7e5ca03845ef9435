package io.olympus.platform.flag;

import io.olympus.common.audit.Actor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.olympus.common.audit.AuditLog;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.tenant.NewTenant;
import io.olympus.platform.tenant.TenantRepository;
import io.olympus.platform.tenant.TenantService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class FlagServiceTest {

  private static final int USERS = 10_000;

  private Pool pool;
  private FlagService flags;
  private UUID tenantId;
  private UUID otherTenantId;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    flags = new FlagService(pool);
    TenantService tenants = new TenantService(pool, new TenantRepository());
    tenantId = tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "acme").put("name", "Acme"))).await().id();
    otherTenantId = tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "globex").put("name", "Globex")))
        .await().id();
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  @Test
  void rolloutPercentageHoldsWithinTwoPercentAndIsStablePerUser() {
    FeatureFlag flag = flag(new JsonObject().put("key", "new-checkout").put("enabled", true).put("rollout_percent", 25));

    int on = 0;
    for (int i = 0; i < USERS; i++) {
      UUID user = Uuids.v7();
      FeatureFlag.Evaluation first = flag.evaluate(user, List.of(), null);
      assertThat(flag.evaluate(user, List.of(), null)).isEqualTo(first);
      if (first.enabled()) {
        on++;
      }
    }

    assertThat(on / (double) USERS).isCloseTo(0.25, within(0.02));
  }

  @Test
  void variantsFollowTheirWeights() {
    FeatureFlag flag = flag(new JsonObject().put("key", "pricing-page").put("enabled", true)
        .put("variants", new JsonArray()
            .add(new JsonObject().put("key", "control").put("weight", 50))
            .add(new JsonObject().put("key", "blue").put("weight", 30))
            .add(new JsonObject().put("key", "green").put("weight", 20))));

    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < USERS; i++) {
      counts.merge(flag.evaluate(Uuids.v7(), List.of(), null).variant(), 1, Integer::sum);
    }

    assertThat(counts.get("control") / (double) USERS).isCloseTo(0.50, within(0.02));
    assertThat(counts.get("blue") / (double) USERS).isCloseTo(0.30, within(0.02));
    assertThat(counts.get("green") / (double) USERS).isCloseTo(0.20, within(0.02));
  }

  @Test
  void targetingByRoleAndLocation() {
    UUID store = Uuids.v7();
    FeatureFlag flag = flag(new JsonObject().put("key", "pos-beta").put("enabled", true)
        .put("target_roles", new JsonArray().add("manager"))
        .put("target_locations", new JsonArray().add(store.toString())));
    UUID user = Uuids.v7();

    assertThat(flag.evaluate(user, List.of("manager"), store).enabled()).isTrue();
    assertThat(flag.evaluate(user, List.of("staff"), store).reason()).isEqualTo("role not targeted");
    assertThat(flag.evaluate(user, List.of("manager"), Uuids.v7()).reason()).isEqualTo("location not targeted");
  }

  @Test
  void changesAreAuditedAndInvisibleToOtherTenants(VertxTestContext ctx) {
    flags.upsert(tenantId, FlagInput.fromJson(new JsonObject().put("key", "dark-mode").put("enabled", true)),
            Actor.SYSTEM)
        .compose(flag -> flags.list(otherTenantId))
        .onComplete(ctx.succeeding(otherFlags -> ctx.verify(() -> {
          assertThat(otherFlags).isEmpty();
          Tenancy.inTenant(pool, tenantId, conn -> AuditLog.verify(conn, tenantId))
              .onComplete(ctx.succeeding(audit -> ctx.verify(() -> {
                assertThat(audit.intact()).isTrue();
                // the tenant's creation and the flag change
                assertThat(audit.checked()).isEqualTo(2);
                ctx.completeNow();
              })));
        })));
  }

  @Test
  void bulkEvaluationCoversEveryFlag(VertxTestContext ctx) {
    flags.upsert(tenantId, FlagInput.fromJson(new JsonObject().put("key", "a").put("enabled", true)), Actor.SYSTEM).await();
    flags.upsert(tenantId, FlagInput.fromJson(new JsonObject().put("key", "b").put("enabled", false)), Actor.SYSTEM).await();

    flags.evaluateAll(tenantId, Uuids.v7(), List.of(), null)
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(result).containsOnlyKeys("a", "b");
          assertThat(result.get("a").enabled()).isTrue();
          assertThat(result.get("b").reason()).isEqualTo("disabled");
          ctx.completeNow();
        })));
  }

  @Test
  void otherServicesEvaluateOverTheEventBus(Vertx vertx) {
    flags.upsert(tenantId, FlagInput.fromJson(new JsonObject().put("key", "beta").put("enabled", true)), Actor.SYSTEM)
        .await();
    vertx.deployVerticle(new FlagBusVerticle(flags)).await();

    JsonObject reply = vertx.eventBus().<JsonObject>request(FlagBusVerticle.EVALUATE, new JsonObject()
        .put("tenant_id", tenantId.toString()).put("user_id", Uuids.v7().toString())).await().body();
    Throwable refused = vertx.eventBus().request(FlagBusVerticle.EVALUATE, new JsonObject().put("tenant_id", "x"))
        .transform(ar -> io.vertx.core.Future.succeededFuture(io.olympus.common.bus.BusErrors.toDomain(ar.cause())))
        .await();

    assertThat(reply.getJsonObject("flags").getJsonObject("beta").getBoolean("enabled")).isTrue();
    assertThat(refused).isInstanceOf(ValidationException.class);
  }

  @Test
  void badInputNamesEveryField() {
    ValidationException err = org.assertj.core.api.Assertions.catchThrowableOfType(ValidationException.class,
        () -> FlagInput.fromJson(new JsonObject().put("key", "Bad Key").put("enabled", "yes")
            .put("rollout_percent", 101).put("variants", new JsonArray().add(new JsonObject().put("key", "x")))
            .put("target_locations", new JsonArray().add("not-a-uuid"))));

    assertThat(err.errors()).extracting(e -> e.field())
        .containsExactlyInAnyOrder("key", "enabled", "rollout_percent", "variants[0]", "target_locations[0]");
  }

  private static FeatureFlag flag(JsonObject json) {
    FlagInput input = FlagInput.fromJson(json);
    List<FeatureFlag.Variant> variants = input.variants().stream()
        .map(v -> (JsonObject) v)
        .map(v -> new FeatureFlag.Variant(v.getString("key"), v.getInteger("weight")))
        .toList();
    return new FeatureFlag(input.key(), input.description(), input.enabled(),
        input.rolloutPercent().movePointRight(2).intValueExact(), variants, input.targetRoles(),
        input.targetLocations(), 1);
  }
}
