package io.olympus.commerce.catalog.http;

import static io.olympus.commerce.http.CommercePermissions.PRODUCTS_READ;
import static io.olympus.commerce.http.CommercePermissions.PRODUCTS_WRITE;

import io.olympus.commerce.http.CommerceRoutes;
import io.olympus.commerce.http.Http;
import io.olympus.commerce.http.RouteBinder;
import io.olympus.commerce.catalog.model.BulkResult;
import io.olympus.commerce.catalog.service.CatalogService;
import io.olympus.commerce.catalog.model.Category;
import io.olympus.commerce.catalog.model.CategoryInput;
import io.olympus.commerce.catalog.model.Product;
import io.olympus.commerce.catalog.model.ProductInput;
import io.olympus.common.json.JsonInput;
import io.olympus.common.tenant.TenantInfo;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Handlers of the product and category operations. */
public final class CatalogRoutes implements CommerceRoutes {

  private static final String PRODUCTS = "/api/v1/products/";

  private final CatalogService catalog;
  private final ProductCache cache;

  private final Function<UUID, Future<TenantInfo>> tenants;

  /** {@code tenants}: the tenant (cached, from the platform) whose plan limits product creation. */
  public CatalogRoutes(CatalogService catalog, ProductCache cache, Function<UUID, Future<TenantInfo>> tenants) {
    this.tenants = tenants;
    this.catalog = catalog;
    this.cache = cache;
  }

  @Override
  public void bind(RouteBinder binder) {
    binder.read("getProduct", PRODUCTS_READ, this::getProduct);
    binder.write("createProduct", PRODUCTS_WRITE, this::createProduct);
    binder.write("updateProduct", PRODUCTS_WRITE, this::updateProduct);
    binder.write("archiveProduct", PRODUCTS_WRITE, this::archiveProduct);
    binder.write("bulkUpsertProducts", PRODUCTS_WRITE, this::bulkUpsert);
    binder.read("listCategories", PRODUCTS_READ, this::categoryTree);
    binder.read("getCategory", PRODUCTS_READ, this::getCategory);
    binder.write("createCategory", PRODUCTS_WRITE, this::createCategory);
    binder.write("moveCategory", PRODUCTS_WRITE, this::moveCategory);
  }

  private void createProduct(RoutingContext ctx) {
    ProductInput input = ProductInput.readCreate(Http.body(ctx));
    UUID tenantId = Http.tenant(ctx);
    tenants.apply(tenantId)
        .compose(tenant -> catalog.createProduct(tenantId, input, tenant.maxProducts(), tenant.plan()))
        .onSuccess(product -> {
          ctx.response().putHeader(HttpHeaders.ETAG, Http.etag(product.version()));
          Http.created(ctx, PRODUCTS + product.id(), product.toJson());
        })
        .onFailure(ctx::fail);
  }

  /** Served from the per-process cache when possible; {@code If-None-Match} with the current ETag gets 304. */
  private void getProduct(RoutingContext ctx) {
    UUID tenant = Http.tenant(ctx);
    UUID id = Http.uuidParam(ctx, "id");
    ProductCache.Entry cached = cache.get(tenant, id);
    if (cached != null) {
      sendProduct(ctx, cached);
      return;
    }
    long generation = cache.generation();
    catalog.getProduct(tenant, id)
        .map(product -> new ProductCache.Entry(product.toJson().toBuffer(), product.version()))
        .onSuccess(entry -> {
          cache.put(tenant, id, entry, generation);
          sendProduct(ctx, entry);
        })
        .onFailure(ctx::fail);
  }

  private void updateProduct(RoutingContext ctx) {
    UUID tenant = Http.tenant(ctx);
    UUID id = Http.uuidParam(ctx, "id");
    Integer version = Http.ifMatch(ctx);
    if (version == null) {
      ctx.fail(Http.preconditionRequired());
      return;
    }
    ProductInput update = ProductInput.readUpdate(id, version, Http.body(ctx));
    tenants.apply(tenant)
        .compose(info -> catalog.updateProduct(tenant, update, info.maxProducts(), info.plan()))
        .onComplete(ignored -> cache.invalidate(tenant, id))
        .onSuccess(product -> replyProduct(ctx, product))
        .onFailure(ctx::fail);
  }

  private void archiveProduct(RoutingContext ctx) {
    UUID tenant = Http.tenant(ctx);
    UUID id = Http.uuidParam(ctx, "id");
    int version = Http.requiredVersion(ctx, Http.body(ctx));
    catalog.archiveProduct(tenant, id, version)
        .onComplete(ignored -> cache.invalidate(tenant, id))
        .onSuccess(product -> replyProduct(ctx, product))
        .onFailure(ctx::fail);
  }

  /** 200 when every item succeeded, 207 Multi-Status when at least one failed; items carry their own status. */
  private void bulkUpsert(RoutingContext ctx) {
    UUID tenant = Http.tenant(ctx);
    JsonArray items = Http.body(ctx).getJsonArray("items");
    tenants.apply(tenant)
        .compose(info -> catalog.bulkUpsert(tenant, items, info.maxProducts(), info.plan()))
        .onSuccess(result -> {
          result.items().stream()
              .filter(item -> item.product() != null && "updated".equals(item.outcome()))
              .forEach(item -> cache.invalidate(tenant, item.product().id()));
          Http.json(ctx, result.failedCount() == 0 ? 200 : 207, bulkJson(result));
        })
        .onFailure(ctx::fail);
  }

  private void createCategory(RoutingContext ctx) {
    CategoryInput input = CategoryInput.fromJson(Http.body(ctx));
    catalog.createCategory(Http.tenant(ctx), input)
        .onSuccess(category -> Http.created(ctx, "/api/v1/categories/" + category.id(), category.toJson()))
        .onFailure(ctx::fail);
  }

  /** The tenant's categories as a tree: roots with nested {@code children}. */
  private void categoryTree(RoutingContext ctx) {
    catalog.categoryTree(Http.tenant(ctx))
        .onSuccess(categories -> Http.json(ctx, 200, new JsonObject().put("items", tree(categories))))
        .onFailure(ctx::fail);
  }

  private void getCategory(RoutingContext ctx) {
    catalog.getCategory(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(category -> Http.json(ctx, 200, category.toJson()))
        .onFailure(ctx::fail);
  }

  private void moveCategory(RoutingContext ctx) {
    UUID id = Http.uuidParam(ctx, "id");
    JsonObject body = Http.body(ctx);
    int version = Http.requiredVersion(ctx, body);
    JsonInput in = new JsonInput(body);
    if (!body.containsKey("parent_id")) {
      in.error("parent_id", "is required (null moves the category to the root)");
    }
    UUID parentId = in.optionalUuid("parent_id");
    in.validate();
    catalog.moveCategory(Http.tenant(ctx), id, parentId, version)
        .onSuccess(category -> Http.json(ctx, 200, category.toJson()))
        .onFailure(ctx::fail);
  }

  private void replyProduct(RoutingContext ctx, Product product) {
    ctx.response().putHeader(HttpHeaders.ETAG, Http.etag(product.version()));
    Http.json(ctx, 200, product.toJson());
  }

  private static void sendProduct(RoutingContext ctx, ProductCache.Entry entry) {
    String etag = Http.etag(entry.version());
    String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    ctx.response().putHeader(HttpHeaders.ETAG, etag);
    if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(entry.body());
  }

  private static JsonObject bulkJson(BulkResult result) {
    JsonObject json = result.toJson();
    JsonArray items = json.getJsonArray("items");
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      JsonObject error = item.getJsonObject("error");
      item.put("status", error != null ? error.getInteger("status") : "created".equals(item.getString("outcome")) ? 201 : 200);
    }
    return json;
  }

  private static JsonArray tree(List<Category> categories) {
    Map<UUID, JsonArray> children = new HashMap<>();
    List<JsonObject> roots = new ArrayList<>();
    for (Category category : categories) {
      JsonArray own = new JsonArray();
      children.put(category.id(), own);
      JsonObject node = category.toJson().put("children", own);
      JsonArray siblings = category.parentId() == null ? null : children.get(category.parentId());
      if (siblings == null) {
        roots.add(node);
      } else {
        siblings.add(node);
      }
    }
    return new JsonArray(new ArrayList<>(roots));
  }
}
