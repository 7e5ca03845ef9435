package io.olympus.commerce.cart.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.cart.model.CartInput;
import io.olympus.commerce.cart.model.CheckoutInput;
import io.olympus.commerce.cart.repository.CartRepository;
import io.olympus.commerce.support.Ordering;
import io.olympus.commerce.support.RecordingEventSink;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CartSweeperTest {

  private static final UUID TENANT = Uuids.v7();
  private static final UUID OTHER_TENANT = Uuids.v7();
  private static final UUID WAREHOUSE = Uuids.v7();

  private Pool pool;
  private Pool owner;
  private Ordering world;
  private UUID mug;
  private UUID otherMug;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    owner = TestInfra.get().ownerPool(vertx);
    world = new Ordering(pool, new RecordingEventSink());
    mug = world.variant(TENANT, "MUG-1", 1000);
    otherMug = world.variant(OTHER_TENANT, "MUG-1", 1000);
    world.stock(TENANT, mug, WAREHOUSE, 5);
  }

  @AfterEach
  void tearDown() {
    // no order-number block may be mid-transaction when the pool closes
    world.orders.settled().await();
    pool.close().await();
    owner.close().await();
  }

  private UUID cart(UUID tenant, UUID variant) {
    return world.carts.create(tenant, CartInput.readCreate(new JsonObject().put("currency", "EUR").put("lines",
        new JsonArray().add(new JsonObject().put("variant_id", variant.toString()).put("quantity", 1))))).await()
        .cart().id();
  }

  private static void expire(UUID cart) {
    TestInfra.get().executeAsOwner("UPDATE carts SET expires_at = now() - interval '1 second' WHERE id = '" + cart + "'");
  }

  private long rows(String table, String column, UUID id) {
    return owner.preparedQuery("SELECT count(*) FROM " + table + " WHERE " + column + " = $1").execute(Tuple.of(id))
        .await().iterator().next().getLong(0);
  }

  @Test
  void shouldDeleteExpiredOpenCartsOfEveryTenantWithTheirLinesAndKeepTheRest() {
    UUID expired = cart(TENANT, mug);
    UUID fresh = cart(TENANT, mug);
    UUID checkedOut = cart(TENANT, mug);
    world.carts.checkout(TENANT, checkedOut, CheckoutInput.NONE).await();
    UUID othersExpired = cart(OTHER_TENANT, otherMug);
    expire(expired);
    expire(checkedOut);
    expire(othersExpired);

    int deleted = CartSweeper.sweep(pool, new CartRepository(), 500).await();

    assertThat(deleted).isEqualTo(2);
    assertThat(rows("carts", "id", expired)).isZero();
    assertThat(rows("cart_lines", "cart_id", expired)).isZero();
    assertThat(rows("carts", "id", othersExpired)).isZero();
    assertThat(rows("cart_lines", "cart_id", othersExpired)).isZero();
    assertThat(rows("carts", "id", fresh)).isEqualTo(1);
    assertThat(rows("cart_lines", "cart_id", fresh)).isEqualTo(1);
    assertThat(rows("carts", "id", checkedOut)).isEqualTo(1);
    assertThat(world.carts.get(TENANT, fresh).await().cart().id()).isEqualTo(fresh);
    assertThat(CartSweeper.sweep(pool, new CartRepository(), 500).await()).isZero();
  }

  @Test
  void shouldSweepInBatchesOfTheGivenSize() {
    for (int i = 0; i < 5; i++) {
      expire(cart(TENANT, mug));
    }

    assertThat(CartSweeper.sweep(pool, new CartRepository(), 2).await()).isEqualTo(2);
    assertThat(CartSweeper.sweep(pool, new CartRepository(), 2).await()).isEqualTo(2);
    assertThat(CartSweeper.sweep(pool, new CartRepository(), 2).await()).isEqualTo(1);
    assertThat(rows("carts", "tenant_id", TENANT)).isZero();
  }

  @Test
  void shouldDeleteAnExpiredCartOnItsOwnSchedule(Vertx vertx, VertxTestContext ctx) {
    UUID expired = cart(TENANT, mug);
    expire(expired);

    vertx.deployVerticle(new CartSweeper(pool, new CartRepository(), 50)).await();
    vertx.setPeriodic(50, timer -> owner.preparedQuery("SELECT count(*) FROM carts WHERE id = $1").execute(Tuple.of(expired))
        .onSuccess(rows -> {
          if (rows.iterator().next().getLong(0) == 0) {
            vertx.cancelTimer(timer);
            ctx.completeNow();
          }
        }));
  }
}
