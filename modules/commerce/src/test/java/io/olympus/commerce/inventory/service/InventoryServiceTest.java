package io.olympus.commerce.inventory.service;

import io.olympus.commerce.inventory.model.Adjustment;
import io.olympus.commerce.inventory.model.InsufficientStockException;
import io.olympus.commerce.inventory.model.Reservation;
import io.olympus.commerce.inventory.model.ReservationRequest;
import io.olympus.commerce.inventory.model.StockLevel;
import io.olympus.commerce.inventory.model.StockSnapshot;
import io.olympus.commerce.inventory.model.Transfer;
import io.olympus.commerce.inventory.repository.InventoryRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.olympus.commerce.catalog.service.CatalogService;
import io.olympus.commerce.catalog.repository.CategoryRepository;
import io.olympus.commerce.catalog.model.ProductInput;
import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.commerce.event.CommerceEvents;
import io.olympus.commerce.support.Fixtures;
import io.olympus.commerce.support.RecordingEventSink;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class InventoryServiceTest {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InventoryServiceTest.class);

  private static final UUID TENANT = Uuids.v7();
  private static final UUID OTHER_TENANT = Uuids.v7();
  private static final UUID WAREHOUSE = Uuids.v7();
  private static final UUID STORE = Uuids.v7();

  private Pool pool;
  private RecordingEventSink events;
  private InventoryService inventory;
  private UUID variant;
  private UUID otherVariant;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    events = new RecordingEventSink();
    inventory = new InventoryService(pool, new InventoryRepository(), events);
    CatalogService catalog = new CatalogService(pool, new ProductRepository(), new CategoryRepository(), events);
    variant = catalog.createProduct(TENANT, ProductInput.readCreate(Fixtures.product("Mug", "MUG-1", 900)))
        .await().variants().get(0).id();
    otherVariant = catalog.createProduct(TENANT, ProductInput.readCreate(Fixtures.product("Cup", "CUP-1", 500)))
        .await().variants().get(0).id();
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  private Adjustment adjustment(UUID variantId, UUID location, String reason, int quantity) {
    return Adjustment.fromJson(new JsonObject().put("variant_id", variantId.toString())
        .put("location_id", location.toString()).put("reason", reason).put("quantity", quantity));
  }

  private ReservationRequest reservation(int ttl, int... quantities) {
    JsonArray lines = new JsonArray();
    for (int q : quantities) {
      lines.add(new JsonObject().put("variant_id", variant.toString()).put("location_id", WAREHOUSE.toString()).put("quantity", q));
    }
    return ReservationRequest.fromJson(new JsonObject().put("ttl_seconds", ttl).put("lines", lines));
  }

  @Test
  void shouldLetExactly50Of200ConcurrentReservationsSucceed(VertxTestContext ctx) {
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "receive", 50)).await();

    List<Future<String>> attempts = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      attempts.add(inventory.reserve(TENANT, reservation(600, 1))
          .map(r -> "held")
          .otherwise(err -> err instanceof InsufficientStockException ? "short" : err.toString()));
    }
    Future.join(attempts)
        .compose(all -> inventory.level(TENANT, variant, WAREHOUSE).map(level -> {
          List<String> outcomes = attempts.stream().map(Future::result).toList();
          LOG.info("200 concurrent reservations on a pool of 4 took {} ms", (System.nanoTime() - started) / 1_000_000);
          return new Object[] {outcomes, level};
        }))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          @SuppressWarnings("unchecked")
          List<String> outcomes = (List<String>) result[0];
          StockLevel level = (StockLevel) result[1];
          assertThat(outcomes.stream().filter("held"::equals).count()).isEqualTo(50);
          assertThat(outcomes.stream().filter("short"::equals).count()).isEqualTo(150);
          assertThat(level.available()).isZero();
          assertThat(level.reserved()).isEqualTo(50);
          assertThat(level.onHand()).isEqualTo(50);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldSumLinesForTheSameVariantBeforeReserving(VertxTestContext ctx) {
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "receive", 5)).await();
    inventory.reserve(TENANT, reservation(600, 3, 3))
        .recover(err -> {
          ctx.verify(() -> assertThat(err).isInstanceOf(InsufficientStockException.class));
          return inventory.reserve(TENANT, reservation(600, 2, 3));
        })
        .compose(held -> inventory.level(TENANT, variant, WAREHOUSE).map(level -> List.of(held, level)))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          Reservation held = (Reservation) pair.get(0);
          assertThat(held.lines()).hasSize(1);
          assertThat(held.lines().get(0).quantity()).isEqualTo(5);
          assertThat(((StockLevel) pair.get(1)).available()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldGiveExpiredHoldsBackWhenTheSweeperRuns(VertxTestContext ctx) {
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "receive", 10)).await();
    Reservation stale = inventory.reserve(TENANT, reservation(600, 4)).await();
    Reservation fresh = inventory.reserve(TENANT, reservation(600, 3)).await();
    TestInfra.get().executeAsOwner("UPDATE reservations SET expires_at = now() - interval '1 second' WHERE id = '"
        + stale.id() + "'");

    inventory.releaseExpired(100)
        .compose(expired -> Future.all(inventory.level(TENANT, variant, WAREHOUSE),
                inventory.reservation(TENANT, stale.id()), inventory.reservation(TENANT, fresh.id()))
            .map(all -> new Object[] {expired, all.resultAt(0), all.resultAt(1), all.resultAt(2)}))
        .compose(result -> inventory.commit(TENANT, stale.id())
            .map(x -> (Throwable) null)
            .otherwise(err -> err)
            .map(commitError -> new Object[] {result[0], result[1], result[2], result[3], commitError}))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(result[0]).isEqualTo(1);
          StockLevel level = (StockLevel) result[1];
          assertThat(level.reserved()).isEqualTo(3);
          assertThat(level.available()).isEqualTo(7);
          assertThat(((Reservation) result[2]).status()).isEqualTo("expired");
          assertThat(((Reservation) result[3]).status()).isEqualTo("held");
          assertThat((Throwable) result[4]).isInstanceOf(ConflictException.class).hasMessageContaining("expired");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldDeductOnHandWhenAReservationIsCommittedAndRestoreOnRelease(VertxTestContext ctx) {
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "receive", 10)).await();
    Reservation sold = inventory.reserve(TENANT, reservation(600, 4)).await();
    Reservation dropped = inventory.reserve(TENANT, reservation(600, 2)).await();
    inventory.commit(TENANT, sold.id())
        .compose(ignored -> inventory.release(TENANT, dropped.id()))
        .compose(ignored -> inventory.level(TENANT, variant, WAREHOUSE))
        .onComplete(ctx.succeeding(level -> ctx.verify(() -> {
          assertThat(level.onHand()).isEqualTo(6);
          assertThat(level.reserved()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldMoveNothingWhenATransferFailsHalfWay(VertxTestContext ctx) {
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "receive", 10)).await();
    inventory.adjust(TENANT, adjustment(otherVariant, WAREHOUSE, "receive", 1)).await();
    Transfer transfer = Transfer.fromJson(new JsonObject()
        .put("from_location_id", WAREHOUSE.toString()).put("to_location_id", STORE.toString())
        .put("lines", new JsonArray()
            .add(new JsonObject().put("variant_id", variant.toString()).put("quantity", 6))
            .add(new JsonObject().put("variant_id", otherVariant.toString()).put("quantity", 2))));

    inventory.transfer(TENANT, transfer)
        .map(x -> (Throwable) null)
        .otherwise(err -> err)
        .compose(err -> Future.all(inventory.level(TENANT, variant, WAREHOUSE), inventory.level(TENANT, variant, STORE),
                Tenancy.inTenant(pool, TENANT, conn -> conn.query(
                    "SELECT count(*) AS n FROM inventory_movements WHERE reason LIKE 'transfer%'").execute()))
            .map(all -> new Object[] {err, all.resultAt(0), all.resultAt(1), all.resultAt(2)}))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat((Throwable) result[0]).isInstanceOf(InsufficientStockException.class);
          assertThat(((StockLevel) result[1]).onHand()).isEqualTo(10);
          assertThat(((StockLevel) result[2]).onHand()).isZero();
          assertThat(((RowSet<Row>) result[3]).iterator().next().getLong("n")).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void shouldTransferBetweenLocations(VertxTestContext ctx) {
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "receive", 10)).await();
    Transfer transfer = Transfer.fromJson(new JsonObject()
        .put("from_location_id", WAREHOUSE.toString()).put("to_location_id", STORE.toString())
        .put("lines", new JsonArray().add(new JsonObject().put("variant_id", variant.toString()).put("quantity", 4))));
    inventory.transfer(TENANT, transfer)
        .compose(ignored -> inventory.levels(TENANT, variant))
        .onComplete(ctx.succeeding(levels -> ctx.verify(() -> {
          assertThat(levels).extracting(StockLevel::locationId, StockLevel::onHand)
              .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(WAREHOUSE, 6),
                  org.assertj.core.groups.Tuple.tuple(STORE, 4));
          ctx.completeNow();
        })));
  }

  @Test
  void shouldReplayTheLedgerToCurrentAndPastStock(VertxTestContext ctx) {
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "receive", 20)).await();
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "damage", 2)).await();
    Instant midway = Instant.now();
    StockLevel atMidway = inventory.level(TENANT, variant, WAREHOUSE).await();
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "count", 15)).await();
    Reservation held = inventory.reserve(TENANT, reservation(600, 5)).await();
    inventory.commit(TENANT, held.id()).await();
    inventory.reserve(TENANT, reservation(600, 3)).await();
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "correction", -1)).await();

    Future.all(inventory.level(TENANT, variant, WAREHOUSE), inventory.stockAt(TENANT, variant, WAREHOUSE, Instant.now()),
            inventory.stockAt(TENANT, variant, WAREHOUSE, midway))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          StockLevel current = all.resultAt(0);
          StockSnapshot replayed = all.resultAt(1);
          StockSnapshot past = all.resultAt(2);
          assertThat(current.onHand()).isEqualTo(9);
          assertThat(current.reserved()).isEqualTo(3);
          assertThat(replayed.onHand()).isEqualTo(current.onHand());
          assertThat(replayed.reserved()).isEqualTo(current.reserved());
          assertThat(past.onHand()).isEqualTo(atMidway.onHand()).isEqualTo(18);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseToDamageMoreThanIsAvailable(VertxTestContext ctx) {
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "receive", 5)).await();
    inventory.reserve(TENANT, reservation(600, 4)).await();
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "damage", 2))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(InsufficientStockException.class);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldEmitLowStockOncePerCrossing(VertxTestContext ctx) {
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "receive", 10)).await();
    inventory.setLowStockThreshold(TENANT, variant, WAREHOUSE, 3).await();
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "damage", 6)).await();   // 4: above
    inventory.reserve(TENANT, reservation(600, 1)).await();                          // 3: crosses
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "damage", 1)).await();   // 2: still below
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "receive", 5)).await();  // 7: re-armed
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "damage", 5))            // 2: crosses again
        .onComplete(ctx.succeeding(level -> ctx.verify(() -> {
          assertThat(events.ofType(CommerceEvents.LOW_STOCK)).hasSize(2);
          assertThat(events.ofType(CommerceEvents.LOW_STOCK).get(0).payload().getInteger("available")).isEqualTo(3);
          assertThat(events.ofType(CommerceEvents.INVENTORY_UPDATED)).hasSize(6);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldHideStockFromAnotherTenantThroughServicesAndRls(VertxTestContext ctx) {
    inventory.adjust(TENANT, adjustment(variant, WAREHOUSE, "receive", 5)).await();
    Future.all(List.of(
            inventory.adjust(OTHER_TENANT, adjustment(variant, WAREHOUSE, "receive", 5)).map(x -> "visible")
                .otherwise(err -> err.getClass().getSimpleName()),
            inventory.reserve(OTHER_TENANT, reservation(600, 1)).map(x -> "visible")
                .otherwise(err -> err.getClass().getSimpleName()),
            inventory.level(OTHER_TENANT, variant, WAREHOUSE).map(level -> "on_hand=" + level.onHand()),
            inventory.levels(OTHER_TENANT, variant).map(levels -> "levels=" + levels.size()),
            inventory.stockAt(OTHER_TENANT, variant, WAREHOUSE, Instant.now()).map(s -> "replay=" + s.onHand())
                .otherwise(err -> err.getClass().getSimpleName()),
            Tenancy.inTenant(pool, OTHER_TENANT, conn -> conn.query(
                    "SELECT (SELECT count(*) FROM inventory_levels) + (SELECT count(*) FROM inventory_movements) AS n")
                .execute()).map(rows -> "rls=" + rows.iterator().next().getLong("n"))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          // another tenant's variant is unknown (404), never "out of stock"
          assertThat(all.<String>list()).containsExactly(NotFoundException.class.getSimpleName(),
              NotFoundException.class.getSimpleName(), "on_hand=0", "levels=0", NotFoundException.class.getSimpleName(),
              "rls=0");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNameEveryBadFieldOfInventoryRequests() {
    ValidationException adjustment = catchThrowableOfType(ValidationException.class, () -> Adjustment.fromJson(
        new JsonObject().put("variant_id", "nope").put("reason", "steal").put("quantity", 1.5)));
    ValidationException reserve = catchThrowableOfType(ValidationException.class, () -> ReservationRequest.fromJson(
        new JsonObject().put("ttl_seconds", 0).put("lines", new JsonArray().add(new JsonObject()
            .put("variant_id", variant.toString()).put("quantity", 0)))));

    assertThat(adjustment.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("variant_id", "location_id", "reason", "quantity");
    assertThat(reserve.errors()).extracting(FieldError::field)
        .containsExactlyInAnyOrder("ttl_seconds", "lines[0].location_id", "lines[0].quantity");
  }
}
