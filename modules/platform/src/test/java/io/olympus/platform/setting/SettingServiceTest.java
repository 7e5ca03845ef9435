package io.olympus.platform.setting;

import io.olympus.common.audit.Actor;
import static org.assertj.core.api.Assertions.assertThat;

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
class SettingServiceTest {

  private Pool pool;
  private SettingService settings;
  private UUID tenantId;
  private UUID otherTenantId;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    settings = new SettingService(pool);
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
  void shouldStoreTypedValuesAndKeepDefaultsForTheRest(VertxTestContext ctx) {
    settings.update(tenantId, new JsonObject().put("store.timezone", "Europe/Berlin")
            .put("orders.auto_cancel_minutes", 30).put("checkout.guest_enabled", false), Actor.SYSTEM)
        .compose(updated -> settings.effective(otherTenantId).map(other -> new Object[] {updated, other}))
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          @SuppressWarnings("unchecked") var mine = (java.util.Map<String, Object>) both[0];
          @SuppressWarnings("unchecked") var theirs = (java.util.Map<String, Object>) both[1];
          assertThat(mine).containsEntry("store.timezone", "Europe/Berlin")
              .containsEntry("orders.auto_cancel_minutes", 30)
              .containsEntry("checkout.guest_enabled", false)
              .containsEntry("store.default_currency", "USD");
          assertThat(theirs).containsEntry("store.timezone", "UTC");
          ctx.completeNow();
        })));
  }

  @Test
  void auditRetentionFollowsEachTenantsSetting(Vertx vertx) {
    settings.update(tenantId, new JsonObject().put("audit.retention_days", 30), Actor.SYSTEM).await();
    // both tenants' entries (creation and the settings change) are back-dated by 100 days
    TestInfra.get().executeAsOwner("UPDATE audit_log SET occurred_at = occurred_at - interval '100 days'");

    long removed = new io.olympus.platform.audit.AuditRetention(pool,
        new TenantService(pool, new TenantRepository()), settings, 60_000).runOnce().await();

    // only the tenant with 30 days loses its entries; the other keeps the default 365
    assertThat(removed).isEqualTo(2);
  }

  @Test
  void shouldPublishTenantUpdatedWithTheIpListsOnlyWhenTheyChange() {
    Actor admin = Actor.user(UUID.randomUUID(), "203.0.113.9", "req-1");
    settings.update(tenantId, new JsonObject().put("store.timezone", "Europe/Berlin"), admin).await();
    settings.update(tenantId, new JsonObject().put("security.ip_deny", new io.vertx.core.json.JsonArray()
        .add("127.0.0.0/8").add("2001:db8::/32")), admin).await();

    var rows = io.olympus.common.db.Tenancy.asSystem(pool, c -> c.query("SELECT type FROM outbox_event ORDER BY seq")
        .execute()).await();
    java.util.List<String> types = new java.util.ArrayList<>();
    rows.forEach(row -> types.add(row.getString("type")));
    assertThat(types).containsExactly("tenant.created", "tenant.created", "tenant.updated");
    var info = new TenantService(pool, new TenantRepository()).infoBySlug("acme").await();
    assertThat(info.ipAccess().deny()).containsExactly("127.0.0.0/8", "2001:db8::/32");
    assertThat(new TenantService(pool, new TenantRepository()).infoById(otherTenantId).await().ipAccess().isUnrestricted())
        .isTrue();
  }

  @Test
  void shouldRejectUnknownKeysAndBadValuesWritingNothing(VertxTestContext ctx) {
    settings.update(tenantId, new JsonObject().put("store.timezone", "Europe/Berlin").put("orders.auto_cancel_minutes", 1)
            .put("store.default_currency", "EURO").put("store.colour", "red"), Actor.SYSTEM)
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ValidationException.class);
          assertThat(((ValidationException) err).errors()).extracting(e -> e.field())
              .containsExactlyInAnyOrder("orders.auto_cancel_minutes", "store.default_currency", "store.colour");
          settings.effective(tenantId).onComplete(ctx.succeeding(values -> ctx.verify(() -> {
            assertThat(values).containsEntry("store.timezone", "UTC");
            ctx.completeNow();
          })));
        })));
  }
}
