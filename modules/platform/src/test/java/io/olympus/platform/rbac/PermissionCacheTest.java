package io.olympus.platform.rbac;

import io.olympus.common.audit.Actor;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.authz.AuthzAddresses;
import io.olympus.common.authz.AuthzClient;
import io.olympus.common.authz.Decision;
import io.olympus.common.authz.PermissionCache;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.tenant.NewTenant;
import io.olympus.platform.tenant.TenantRepository;
import io.olympus.platform.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PermissionCacheTest {

  private static final UUID STAFF = UUID.fromString("00000000-0000-7000-8000-000000000104");
  private static final UUID MANAGER = UUID.fromString("00000000-0000-7000-8000-000000000103");

  private Pool pool;
  private RbacService rbac;
  private PermissionCache cache;
  private UUID tenantId;
  private final UUID user = Uuids.v7();

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    rbac = new RbacService(pool, new RbacRepository());
    vertx.deployVerticle(new RbacBusVerticle(rbac)).await();
    cache = new PermissionCache(vertx, new AuthzClient(ServiceHarness.bus(vertx)), Duration.ofMinutes(5), 10_000);
    tenantId = new TenantService(pool, new TenantRepository())
        .create(NewTenant.fromJson(new JsonObject().put("slug", "acme").put("name", "Acme"))).await().id();
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  @Test
  void roleChangeTakesEffectAfterTheRoleEvent(Vertx vertx, VertxTestContext ctx) {
    rbac.assign(tenantId, user, STAFF, null, Actor.SYSTEM)
        .compose(ok -> cache.check(tenantId, user, "products:write", null, null))
        .compose(before -> {
          ctx.verify(() -> assertThat(before.allowed()).isFalse());
          return rbac.assign(tenantId, user, MANAGER, null, Actor.SYSTEM);
        })
        .compose(ok -> cache.check(tenantId, user, "products:write", null, null))
        .compose(stale -> {
          // without an event the cached answer stands (bounded by the TTL)
          ctx.verify(() -> assertThat(stale.allowed()).isFalse());
          vertx.eventBus().publish(AuthzAddresses.EVENT_USER_ROLE_CHANGED,
              new JsonObject().put("tenant_id", tenantId.toString()).put("user_id", user.toString()));
          return checkUntilAllowed(vertx, 200);
        })
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          assertThat(after.allowed()).isTrue();
          ctx.completeNow();
        })));
  }

  @Test
  void unknownLocationOfTheTenantIsRefusedAsNotFound(VertxTestContext ctx) {
    rbac.assign(tenantId, user, STAFF, null, Actor.SYSTEM)
        .compose(ok -> cache.check(tenantId, user, "products:read", Uuids.v7(), null))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(io.olympus.common.error.NotFoundException.class);
          ctx.completeNow();
        })));
  }

  @Test
  void malformedCheckRequestsAreRefusedWithFieldErrors(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().request(AuthzAddresses.CHECK, new JsonObject().put("tenant_id", "nope"))
        .recover(err -> Future.failedFuture(io.olympus.common.bus.BusErrors.toDomain(err)))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(io.olympus.common.error.ValidationException.class);
          assertThat(((io.olympus.common.error.ValidationException) err).errors()).extracting(e -> e.field())
              .contains("tenant_id", "user_id", "permission");
          ctx.completeNow();
        })));
  }

  private Future<Decision> checkUntilAllowed(Vertx vertx, int attemptsLeft) {
    return cache.check(tenantId, user, "products:write", null, null).compose(decision -> {
      if (decision.allowed() || attemptsLeft == 0) {
        return Future.succeededFuture(decision);
      }
      return vertx.timer(10).compose(t -> checkUntilAllowed(vertx, attemptsLeft - 1));
    });
  }
}
