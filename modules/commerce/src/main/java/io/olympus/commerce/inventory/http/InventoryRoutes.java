package io.olympus.commerce.inventory.http;

import static io.olympus.commerce.http.CommercePermissions.INVENTORY_READ;
import static io.olympus.commerce.http.CommercePermissions.INVENTORY_WRITE;

import io.olympus.commerce.http.CommerceRoutes;
import io.olympus.commerce.http.Http;
import io.olympus.commerce.http.RouteBinder;
import io.olympus.commerce.catalog.service.CatalogReader;
import io.olympus.commerce.catalog.model.Variant;
import io.olympus.commerce.inventory.model.Adjustment;
import io.olympus.commerce.inventory.service.InventoryService;
import io.olympus.commerce.inventory.model.ReservationRequest;
import io.olympus.commerce.inventory.model.StockLevel;
import io.olympus.commerce.inventory.model.Transfer;
import io.olympus.common.error.ValidationException;
import io.olympus.common.http.idempotency.HttpAnswer;
import io.olympus.common.http.idempotency.Idempotency;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/** Handlers of the inventory operations. */
public final class InventoryRoutes implements CommerceRoutes {

  private final CatalogReader catalog;
  private final InventoryService inventory;
  private final Idempotency idempotency;

  public InventoryRoutes(CatalogReader catalog, InventoryService inventory, Idempotency idempotency) {
    this.catalog = catalog;
    this.inventory = inventory;
    this.idempotency = idempotency;
  }

  @Override
  public void bind(RouteBinder binder) {
    binder.read("getProductInventory", INVENTORY_READ, this::productLevels);
    binder.read("getStockAt", INVENTORY_READ, this::stockAt);
    binder.write("adjustInventory", INVENTORY_WRITE, this::adjust);
    binder.write("transferInventory", INVENTORY_WRITE, this::transfer);
    binder.write("createReservation", INVENTORY_WRITE, Idempotency.Mode.OPTIONAL, this::reserve);
    binder.write("commitReservation", INVENTORY_WRITE, this::commit);
    binder.write("releaseReservation", INVENTORY_WRITE, this::release);
  }

  /** Levels of every variant of a product at every location it has stock records for. */
  private void productLevels(RoutingContext ctx) {
    UUID tenant = Http.tenant(ctx);
    UUID productId = Http.uuidParam(ctx, "product_id");
    catalog.product(tenant, productId)
        .compose(product -> Future.all(product.variants().stream()
                .map(variant -> inventory.levels(tenant, variant.id()).map(levels -> variantJson(variant, levels)))
                .toList())
            .map(all -> new JsonObject()
                .put("product_id", productId.toString())
                .put("variants", new JsonArray(all.list()))))
        .onSuccess(json -> Http.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  private void adjust(RoutingContext ctx) {
    Adjustment adjustment = Adjustment.fromJson(Http.body(ctx));
    inventory.adjust(Http.tenant(ctx), adjustment)
        .onSuccess(level -> Http.json(ctx, 200, level.toJson()))
        .onFailure(ctx::fail);
  }

  private void transfer(RoutingContext ctx) {
    Transfer transfer = Transfer.fromJson(Http.body(ctx));
    inventory.transfer(Http.tenant(ctx), transfer)
        .onSuccess(levels -> Http.json(ctx, 200, new JsonObject().put("levels", levelsJson(levels))))
        .onFailure(ctx::fail);
  }

  /** Honours {@code Idempotency-Key}: a retry with the same key and body gets the first answer, holding nothing more. */
  private void reserve(RoutingContext ctx) {
    ReservationRequest request = ReservationRequest.fromJson(Http.body(ctx));
    UUID tenant = Http.tenant(ctx);
    idempotency.run(ctx, tenant, conn -> inventory.reserve(conn, tenant, request)
        .map(reservation -> HttpAnswer.created("/api/v1/inventory/reservations/" + reservation.id(),
            reservation.toJson())));
  }

  private void commit(RoutingContext ctx) {
    inventory.commit(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(reservation -> Http.json(ctx, 200, reservation.toJson()))
        .onFailure(ctx::fail);
  }

  private void release(RoutingContext ctx) {
    inventory.release(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(reservation -> Http.json(ctx, 200, reservation.toJson()))
        .onFailure(ctx::fail);
  }

  /** Stock of a variant at a location as the ledger says it was at {@code at} (default now). */
  private void stockAt(RoutingContext ctx) {
    UUID variant = Http.uuidParam(ctx, "variant_id");
    UUID location = Http.uuidParam(ctx, "location_id");
    String rawAt = ctx.queryParams().get("at");
    Instant at;
    try {
      at = rawAt == null ? Instant.now() : Instant.parse(rawAt);
    } catch (DateTimeParseException e) {
      throw new ValidationException("at", "must be an RFC 3339 UTC timestamp such as 2026-01-31T12:00:00Z");
    }
    inventory.stockAt(Http.tenant(ctx), variant, location, at)
        .onSuccess(snapshot -> Http.json(ctx, 200, snapshot.toJson()))
        .onFailure(ctx::fail);
  }

  private static JsonObject variantJson(Variant variant, List<StockLevel> levels) {
    return new JsonObject()
        .put("variant_id", variant.id().toString())
        .put("sku", variant.sku())
        .put("levels", levelsJson(levels));
  }

  private static JsonArray levelsJson(List<StockLevel> levels) {
    return new JsonArray(levels.stream().map(StockLevel::toJson).toList());
  }
}
