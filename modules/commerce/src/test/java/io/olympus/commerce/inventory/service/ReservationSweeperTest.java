package io.olympus.commerce.inventory.service;

import io.olympus.commerce.inventory.model.Adjustment;
import io.olympus.commerce.inventory.model.Reservation;
import io.olympus.commerce.inventory.model.ReservationRequest;
import io.olympus.commerce.inventory.repository.InventoryRepository;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.catalog.service.CatalogService;
import io.olympus.commerce.catalog.repository.CategoryRepository;
import io.olympus.commerce.catalog.model.ProductInput;
import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.support.Fixtures;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
class ReservationSweeperTest {

  private static final UUID TENANT = Uuids.v7();
  private static final UUID WAREHOUSE = Uuids.v7();

  private Pool pool;
  private InventoryService inventory;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    inventory = new InventoryService(pool, new InventoryRepository(), EventSink.discarding());
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  @Test
  void shouldReleaseAStaleHoldOnItsOwnSchedule(Vertx vertx, VertxTestContext ctx) {
    UUID variant = new CatalogService(pool, new ProductRepository(), new CategoryRepository(), EventSink.discarding())
        .createProduct(TENANT, ProductInput.readCreate(Fixtures.product("Mug", "MUG-1", 900))).await().variants().get(0).id();
    inventory.adjust(TENANT, Adjustment.fromJson(new JsonObject().put("variant_id", variant.toString())
        .put("location_id", WAREHOUSE.toString()).put("reason", "receive").put("quantity", 5))).await();
    Reservation hold = inventory.reserve(TENANT, ReservationRequest.fromJson(new JsonObject().put("lines", new JsonArray()
        .add(new JsonObject().put("variant_id", variant.toString()).put("location_id", WAREHOUSE.toString())
            .put("quantity", 5))))).await();
    TestInfra.get().executeAsOwner("UPDATE reservations SET expires_at = now() - interval '1 minute'");

    vertx.deployVerticle(new ReservationSweeper(inventory, 50)).await();
    vertx.setPeriodic(50, timer -> inventory.reservation(TENANT, hold.id())
        .onSuccess(found -> {
          if (found.status().equals("expired")) {
            vertx.cancelTimer(timer);
            inventory.level(TENANT, variant, WAREHOUSE).onComplete(ctx.succeeding(level -> ctx.verify(() -> {
              assertThat(level.available()).isEqualTo(5);
              ctx.completeNow();
            })));
          }
        }));
  }
}
