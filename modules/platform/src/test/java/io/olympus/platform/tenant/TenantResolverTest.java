package io.olympus.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.tenant.TenantAddresses;
import io.olympus.common.tenant.TenantClient;
import io.olympus.common.tenant.TenantInfo;
import io.olympus.common.tenant.TenantResolver;
import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TenantResolverTest {

  private Pool pool;
  private TenantRepository repository;
  private TenantService tenants;
  private TenantResolver resolver;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    repository = new TenantRepository();
    tenants = new TenantService(pool, repository);
    vertx.deployVerticle(new TenantBusVerticle(tenants)).await();
    resolver = new TenantResolver(vertx, new TenantClient(ServiceHarness.bus(vertx)), Duration.ofMinutes(5), 1000);
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  @Test
  void shouldCoalesceConcurrentLoadsIntoOneQuery(VertxTestContext ctx) {
    tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "acme").put("name", "Acme")))
        .compose(created -> {
          long before = repository.lookupCount();
          List<Future<TenantInfo>> burst = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            burst.add(resolver.bySlug("acme"));
          }
          return Future.all(burst).map(all -> repository.lookupCount() - before);
        })
        .onComplete(ctx.succeeding(queries -> ctx.verify(() -> {
          assertThat(queries).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldReloadAfterATenantEvent(Vertx vertx, VertxTestContext ctx) {
    tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "acme").put("name", "Acme")))
        .compose(created -> resolver.byId(created.id())
            .compose(first -> {
              long before = repository.lookupCount();
              vertx.eventBus().publish(TenantAddresses.EVENT_UPDATED,
                  new JsonObject().put("tenant_id", created.id().toString()));
              // the invalidation is delivered asynchronously: resolve until the cache goes back to the database
              return resolveUntilReloaded(vertx, created.id(), before, 200);
            }))
        .onComplete(ctx.succeeding(reloads -> ctx.verify(() -> {
          assertThat(reloads).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  private Future<Long> resolveUntilReloaded(Vertx vertx, java.util.UUID id, long before, int attemptsLeft) {
    return resolver.byId(id).compose(info -> {
      long reloads = repository.lookupCount() - before;
      if (reloads > 0 || attemptsLeft == 0) {
        return Future.succeededFuture(reloads);
      }
      return vertx.timer(10).compose(t -> resolveUntilReloaded(vertx, id, before, attemptsLeft - 1));
    });
  }

  @Test
  void shouldCarryNotFoundAndValidationAcrossTheBus(Vertx vertx, VertxTestContext ctx) {
    resolver.bySlug("nobody")
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(NotFoundException.class);
          vertx.eventBus().request(TenantAddresses.RESOLVE, new JsonObject())
              .recover(e -> Future.failedFuture(io.olympus.common.bus.BusErrors.toDomain(e)))
              .onComplete(ctx.failing(err2 -> ctx.verify(() -> {
                assertThat(err2).isInstanceOf(ValidationException.class);
                assertThat(((ValidationException) err2).errors()).extracting(e -> e.field()).containsExactly("slug");
                ctx.completeNow();
              })));
        })));
  }

  @Test
  void shouldCarryThePlansProductLimitToEveryService(VertxTestContext ctx) {
    tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "small").put("name", "Small").put("plan", "free")))
        .compose(small -> tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "big").put("name", "Big")
                .put("plan", "enterprise")))
            .compose(big -> resolver.byId(small.id())
                .compose(smallInfo -> resolver.byId(big.id()).map(bigInfo -> java.util.List.of(smallInfo, bigInfo)))))
        .onComplete(ctx.succeeding(infos -> ctx.verify(() -> {
          // V020: free allows 100 products, enterprise has no limit (0 in TenantInfo)
          assertThat(infos.get(0).maxProducts()).isEqualTo(100);
          assertThat(infos.get(1).maxProducts()).isZero();
          ctx.completeNow();
        })));
  }
}
