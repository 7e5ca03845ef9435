package io.olympus.platform.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.authz.PermissionGrant;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.olympus.common.outbox.Backoff;
import io.olympus.common.testing.TestInfra;
import io.olympus.platform.tenant.NewTenant;
import io.olympus.platform.tenant.TenantRepository;
import io.olympus.platform.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Self-registered users get the customer role (reading products) from auth's {@code user.registered}, once. */
@ExtendWith(VertxExtension.class)
class CustomerRoleVerticleTest {

  private Pool pool;
  private Pool owner;
  private RbacService rbac;
  private UUID tenantId;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    owner = TestInfra.get().ownerPool(vertx);
    rbac = new RbacService(pool, new RbacRepository());
    tenantId = new TenantService(pool, new TenantRepository()).create(NewTenant.fromJson(new JsonObject()
        .put("slug", "shop").put("name", "Shop"))).await().id();
    vertx.deployVerticle(new CustomerRoleVerticle(pool, new Backoff(3, 10, 100))).await();
  }

  @AfterEach
  void tearDown() {
    owner.close().await();
    pool.close().await();
  }

  @Test
  void shouldLetASelfRegisteredCustomerReadProductsOnceItsRegistrationArrives(Vertx vertx) {
    UUID customer = Uuids.v7();
    EventEnvelope registered = registration(customer, "customer");

    vertx.eventBus().publish(registered.address(), registered.toJson());
    vertx.eventBus().publish(registered.address(), registered.toJson());

    assertThat(until(vertx, () -> assignments(customer), 1)).isEqualTo(1);
    List<String> permissions = rbac.effective(tenantId, customer).await().grants().stream()
        .map(PermissionGrant::permission).toList();
    assertThat(permissions).containsExactly("products:read");
    assertThat(count("SELECT count(*) FROM outbox_event WHERE type = 'user.role_changed' AND payload->>'user_id' = $1",
        customer)).isEqualTo(1);
  }

  @Test
  void shouldGiveNoRoleForARegistrationWithoutTheCustomerRole(Vertx vertx) {
    UUID ownerUser = Uuids.v7();
    UUID customer = Uuids.v7();
    EventEnvelope ownerRegistered = registration(ownerUser, "owner");
    EventEnvelope customerRegistered = registration(customer, "customer");

    vertx.eventBus().publish(ownerRegistered.address(), ownerRegistered.toJson());
    vertx.eventBus().publish(customerRegistered.address(), customerRegistered.toJson());

    // both events are consumed (each recorded in the inbox; they may be applied in either order) ...
    assertThat(until(vertx, () -> assignments(customer), 1)).isEqualTo(1);
    assertThat(until(vertx, () -> inboxed(ownerRegistered), 1)).isEqualTo(1);
    // ... and the owner's registration gave no role
    assertThat(assignments(ownerUser).await()).isZero();
  }

  private EventEnvelope registration(UUID userId, String role) {
    return EventEnvelope.of("user.registered", tenantId, "user", userId.toString(), null, new JsonObject()
        .put("user_id", userId.toString()).put("email", userId + "@shop.example").put("email_verified", false)
        .put("roles", new JsonArray().add(role)));
  }

  private Future<Long> assignments(UUID userId) {
    return owner.preparedQuery("SELECT count(*) FROM user_roles WHERE user_id = $1 AND role_id = $2")
        .execute(Tuple.of(userId, CustomerRoleVerticle.CUSTOMER_ROLE)).map(rows -> rows.iterator().next().getLong(0));
  }

  private Future<Long> inboxed(EventEnvelope event) {
    return owner.preparedQuery("SELECT count(*) FROM event_inbox WHERE event_id::text = $1")
        .execute(Tuple.of(event.id().toString())).map(rows -> rows.iterator().next().getLong(0));
  }

  private long count(String sql, UUID id) {
    return owner.preparedQuery(sql).execute(Tuple.of(id.toString())).await().iterator().next().getLong(0);
  }

  /** Polls (every 20 ms, at most 5 s) until {@code read} answers {@code expected}; answers the last value. */
  private static long until(Vertx vertx, java.util.function.Supplier<Future<Long>> read, long expected) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    long value = read.get().await();
    while (value != expected && System.nanoTime() < deadline) {
      vertx.timer(20).await();
      value = read.get().await();
    }
    return value;
  }
}
