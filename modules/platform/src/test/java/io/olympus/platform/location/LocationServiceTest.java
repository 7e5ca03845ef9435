package io.olympus.platform.location;

import io.olympus.common.audit.Actor;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.db.Tenancy;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.QuotaExceededException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.tenant.NewTenant;
import io.olympus.platform.tenant.TenantRepository;
import io.olympus.platform.tenant.TenantService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LocationServiceTest {

  private Pool pool;
  private LocationService locations;
  private UUID tenantId;
  private UUID otherTenantId;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    locations = new LocationService(pool, new LocationRepository());
    TenantService tenants = new TenantService(pool, new TenantRepository());
    tenantId = tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "acme").put("name", "Acme")
        .put("plan", "pro"))).await().id();
    otherTenantId = tenants.create(NewTenant.fromJson(new JsonObject().put("slug", "globex").put("name", "Globex")))
        .await().id();
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  private static NewLocation location(String code, UUID parent) {
    JsonObject json = new JsonObject().put("code", code).put("name", code.toUpperCase());
    if (parent != null) {
      json.put("parent_id", parent.toString());
    }
    return NewLocation.fromJson(json);
  }

  @Test
  void shouldReturnTheWholeSubtreeParentsFirst(VertxTestContext ctx) {
    Location north = locations.create(tenantId, location("north", null), Actor.SYSTEM).await();
    Location store = locations.create(tenantId, location("store-1", north.id()), Actor.SYSTEM).await();
    locations.create(tenantId, location("south", null), Actor.SYSTEM).await();

    locations.subtree(tenantId, north.id())
        .onComplete(ctx.succeeding(tree -> ctx.verify(() -> {
          assertThat(tree).extracting(Location::code).containsExactly("north", "store-1");
          assertThat(store.path()).isEqualTo("/" + north.id() + "/" + store.id() + "/");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldMoveASubtreeAndRefuseCycles(VertxTestContext ctx) {
    Location north = locations.create(tenantId, location("north", null), Actor.SYSTEM).await();
    Location store = locations.create(tenantId, location("store-1", north.id()), Actor.SYSTEM).await();
    Location south = locations.create(tenantId, location("south", null), Actor.SYSTEM).await();

    locations.move(tenantId, north.id(), south.id(), Actor.SYSTEM)
        .compose(moved -> locations.get(tenantId, store.id()))
        .onComplete(ctx.succeeding(movedStore -> ctx.verify(() -> {
          assertThat(movedStore.path()).isEqualTo("/" + south.id() + "/" + north.id() + "/" + store.id() + "/");
          locations.move(tenantId, south.id(), store.id(), Actor.SYSTEM)
              .onComplete(ctx.failing(err -> ctx.verify(() -> {
                assertThat(err).isInstanceOf(ValidationException.class);
                assertThat(((ValidationException) err).errors()).extracting(e -> e.field()).containsExactly("parent_id");
                ctx.completeNow();
              })));
        })));
  }

  @Test
  void shouldRefuseCreationBeyondThePlanLimit(VertxTestContext ctx) {
    // the free plan allows one location
    locations.create(otherTenantId, location("only", null), Actor.SYSTEM)
        .compose(first -> locations.create(otherTenantId, location("second", null), Actor.SYSTEM))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(QuotaExceededException.class).hasMessageContaining("1 locations");
          assertThat(((QuotaExceededException) err).type()).isEqualTo("quota-exceeded");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswerNotFoundForAnotherTenantsLocation(VertxTestContext ctx) {
    Location north = locations.create(tenantId, location("north", null), Actor.SYSTEM).await();

    locations.get(otherTenantId, north.id())
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(NotFoundException.class);
          locations.create(otherTenantId, location("child", north.id()), Actor.SYSTEM)
              .onComplete(ctx.failing(err2 -> ctx.verify(() -> {
                assertThat(err2).isInstanceOf(NotFoundException.class);
                ctx.completeNow();
              })));
        })));
  }

  @Test
  void shouldHideOtherTenantsLocationsThroughRlsAlone(VertxTestContext ctx) {
    locations.create(tenantId, location("north", null), Actor.SYSTEM).await();

    Tenancy.inTenant(pool, otherTenantId, conn -> conn.query("SELECT count(*) FROM locations").execute())
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.iterator().next().getLong(0)).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNameBadFields() {
    ValidationException err = org.assertj.core.api.Assertions.catchThrowableOfType(ValidationException.class,
        () -> NewLocation.fromJson(new JsonObject().put("code", "bad code!").put("timezone", "Mars/Olympus")
            .put("currency", "EURO").put("kind", "castle")));

    assertThat(err.errors()).extracting(e -> e.field())
        .containsExactlyInAnyOrder("code", "name", "timezone", "currency", "kind");
  }
}
