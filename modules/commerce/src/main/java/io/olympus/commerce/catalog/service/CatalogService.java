package io.olympus.commerce.catalog.service;

import io.olympus.commerce.catalog.model.BulkResult;
import io.olympus.commerce.catalog.model.Category;
import io.olympus.commerce.catalog.model.CategoryInput;
import io.olympus.commerce.catalog.model.Product;
import io.olympus.commerce.catalog.model.ProductInput;
import io.olympus.commerce.catalog.repository.CategoryRepository;
import io.olympus.commerce.catalog.repository.ProductRepository;
import io.olympus.commerce.event.CommerceEvents;
import io.olympus.commerce.event.EventSink;
import io.olympus.commerce.support.Versions;
import io.olympus.common.json.JsonInput;
import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ApiException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.PreconditionFailedException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.EventEnvelope;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Products, variants and the category tree of a tenant. Every method runs in the tenant's own transaction. */
public final class CatalogService implements CatalogReader {

  public static final int MAX_BULK_ITEMS = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(CatalogService.class);

  private final Pool pool;
  private final ProductRepository products;
  private final CategoryRepository categories;
  private final EventSink events;

  public CatalogService(Pool pool, ProductRepository products, CategoryRepository categories, EventSink events) {
    this.pool = pool;
    this.products = products;
    this.categories = categories;
    this.events = events;
  }

  /**
   * Creates a product with its variants and categories and writes {@code product.created} in the same
   * transaction. Fails with ConflictException for a SKU already used in the tenant and ValidationException
   * for an unknown category.
   */
  public Future<Product> createProduct(UUID tenantId, ProductInput input) {
    return createProduct(tenantId, input, 0, null);
  }

  /**
   * As {@link #createProduct(UUID, ProductInput)} within the plan's product limit ({@code maxProducts}, 0 = none;
   * products not archived count): at the limit it fails with QuotaExceededException and writes nothing.
   */
  public Future<Product> createProduct(UUID tenantId, ProductInput input, long maxProducts, String plan) {
    ProductQuota quota = new ProductQuota(maxProducts, plan);
    return Tenancy.inTenant(pool, tenantId, conn -> quota.claim(conn, tenantId)
        .compose(claimed -> create(conn, tenantId, input)));
  }

  @Override
  public Future<Product> product(UUID tenantId, UUID productId) {
    return getProduct(tenantId, productId);
  }

  /**
   * The product with variants and categories; NotFoundException when absent (or another tenant's). One statement,
   * outside any transaction: a database function sets the tenant for that statement alone and reads under
   * row-level security ({@link ProductRepository#read}).
   */
  public Future<Product> getProduct(UUID tenantId, UUID id) {
    return products.read(pool, tenantId, id)
        .compose(found -> found.isPresent()
            ? Future.succeededFuture(found.get())
            : Future.failedFuture(new NotFoundException("product " + id + " not found")));
  }

  /**
   * Applies the fields present in {@code update} at its {@code version}. Fails with NotFoundException
   * for an unknown product, PreconditionFailedException when the version is stale, ConflictException for
   * a SKU of another product.
   */
  public Future<Product> updateProduct(UUID tenantId, ProductInput update) {
    return updateProduct(tenantId, update, 0, null);
  }

  /**
   * As {@link #updateProduct(UUID, ProductInput)}; bringing an archived product back (status draft or active) takes
   * a slot of the plan's product limit ({@code maxProducts}, 0 = none) and fails with QuotaExceededException at it.
   */
  public Future<Product> updateProduct(UUID tenantId, ProductInput update, long maxProducts, String plan) {
    ProductQuota quota = new ProductQuota(maxProducts, plan);
    return Tenancy.inTenant(pool, tenantId, conn -> update(conn, tenantId, update, quota));
  }

  /** Archives the product at {@code version} and writes {@code product.archived}; fails like {@link #updateProduct}. */
  public Future<Product> archiveProduct(UUID tenantId, UUID id, int version) {
    ProductInput archive = new ProductInput(id, version, "archived", null, null, null, null, null, null, null, null);
    return Tenancy.inTenant(pool, tenantId, conn -> update(conn, tenantId, archive, ProductQuota.unlimited()));
  }

  /**
   * Creates (items without {@code id}) or updates (items with {@code id} and {@code version}) up to
   * {@value #MAX_BULK_ITEMS} products in one transaction with <b>per-item</b> results: each item runs
   * inside its own savepoint, so a bad item is rolled back alone and reported by its index while the
   * others commit. Fails as a whole only with ValidationException when {@code items} is not an array of
   * 1 to {@value #MAX_BULK_ITEMS} entries.
   */
  public Future<BulkResult> bulkUpsert(UUID tenantId, JsonArray items) {
    return bulkUpsert(tenantId, items, 0, null);
  }

  /**
   * As {@link #bulkUpsert(UUID, JsonArray)} within the plan's product limit ({@code maxProducts}, 0 = none): creations
   * beyond the limit fail as items (403 {@code quota-exceeded}); updates and the creations before it go through.
   */
  public Future<BulkResult> bulkUpsert(UUID tenantId, JsonArray items, long maxProducts, String plan) {
    ProductQuota quota = new ProductQuota(maxProducts, plan);
    if (items == null || items.isEmpty() || items.size() > MAX_BULK_ITEMS) {
      return Future.failedFuture(new ValidationException("items", "must hold 1 to " + MAX_BULK_ITEMS + " products"));
    }
    List<BulkResult.Item> results = new ArrayList<>();
    List<ProductInput> parsed = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonInput in = JsonInput.of(items.getValue(i), "items[" + i + "]");
      UUID id = in.has("id") ? in.requiredUuid("id") : null;
      ProductInput product = ProductInput.read(in, in.has("id"));
      if (!in.errors().isEmpty()) {
        results.add(BulkResult.Item.failed(i, new ValidationException("Request validation failed", in.errors())));
        parsed.add(null);
      } else {
        results.add(null);
        parsed.add(id == null ? product : withId(product, id));
      }
    }
    // creations, and updates that may bring an archived product back, take slots of the plan's limit
    boolean creates = parsed.stream().anyMatch(product -> product != null
        && (product.id() == null || (product.status() != null && !"archived".equals(product.status()))));
    return Tenancy.inTenant(pool, tenantId, conn -> {
      // the quota's lock is taken before the first savepoint, so no rolled-back item can release it
      Future<Void> chain = creates ? quota.prepare(conn, tenantId) : Future.succeededFuture();
      for (int i = 0; i < parsed.size(); i++) {
        int index = i;
        ProductInput product = parsed.get(i);
        if (product != null) {
          chain = chain.compose(ignored -> bulkItem(conn, tenantId, index, product, quota))
              .map(item -> {
                results.set(index, item);
                return null;
              });
        }
      }
      return chain.map(ignored -> new BulkResult(results));
    });
  }

  private Future<BulkResult.Item> bulkItem(SqlConnection conn, UUID tenantId, int index, ProductInput product,
      ProductQuota quota) {
    return conn.query("SAVEPOINT bulk_item").execute()
        .compose(ignored -> product.id() == null
            ? quota.claim(conn, tenantId).compose(claimed -> create(conn, tenantId, product)
                .onFailure(err -> quota.release()))
            : update(conn, tenantId, product, quota))
        .compose(saved -> conn.query("RELEASE SAVEPOINT bulk_item").execute()
            .map(ignored -> BulkResult.Item.succeeded(index, product.id() == null ? "created" : "updated", saved)))
        .recover(err -> {
          if (!(err instanceof ApiException api)) {
            LOG.warn("bulk item {} failed", index, err);
          }
          ApiException failure = err instanceof ApiException api ? api
              : new ApiException(500, "internal", "Internal error", "the item could not be saved");
          return conn.query("ROLLBACK TO SAVEPOINT bulk_item").execute()
              .map(ignored -> BulkResult.Item.failed(index, failure));
        });
  }

  /** Creates a category under its parent (or as a root); ConflictException for a taken slug, NotFoundException for an unknown parent. */
  public Future<Category> createCategory(UUID tenantId, CategoryInput input) {
    UUID id = Uuids.v7();
    return Tenancy.inTenant(pool, tenantId, conn -> categories.lockTree(conn, tenantId)
        .compose(ignored -> parentPath(conn, tenantId, input.parentId(), "parent_id"))
        .compose(path -> {
          List<UUID> own = new ArrayList<>(path);
          own.add(id);
          return categories.insert(conn, tenantId, id, input, own);
        })
        .compose(category -> events.audit(conn, tenantId, "category.created", "category", id.toString(),
                category.toJson().put("path", null).put("created_at", null).put("updated_at", null))
            .map(category)));
  }

  public Future<Category> getCategory(UUID tenantId, UUID id) {
    return Tenancy.inTenant(pool, tenantId, conn -> categories.find(conn, tenantId, id))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new NotFoundException("category " + id + " not found"))));
  }

  /** Every category of the tenant, parents before children. */
  public Future<List<Category>> categoryTree(UUID tenantId) {
    return Tenancy.inTenant(pool, tenantId, conn -> categories.tree(conn, tenantId));
  }

  /**
   * Moves a category (with its subtree) under {@code newParentId}, or to the root when null. Fails with
   * ValidationException naming {@code parent_id} when the move would put a category under itself or its
   * own descendant, NotFoundException for unknown ids, PreconditionFailedException for a stale version.
   */
  public Future<Category> moveCategory(UUID tenantId, UUID id, UUID newParentId, int version) {
    return Tenancy.inTenant(pool, tenantId, conn -> categories.lockTree(conn, tenantId)
        .compose(ignored -> categories.find(conn, tenantId, id))
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(new NotFoundException("category " + id + " not found"));
          }
          if (version != Versions.ANY_VERSION && found.get().version() != version) {
            return Future.failedFuture(new PreconditionFailedException(
                "category " + id + " is at version " + found.get().version() + ", not " + version));
          }
          return parentPath(conn, tenantId, newParentId, "parent_id");
        })
        .compose(path -> path.contains(id)
            ? Future.failedFuture(new ValidationException("parent_id", "cannot be the category itself or one of its descendants"))
            : categories.move(conn, tenantId, id, newParentId, path))
        .compose(moved -> events.audit(conn, tenantId, "category.moved", "category", id.toString(),
                new JsonObject().put("parent_id", newParentId == null ? null : newParentId.toString())
                    .put("version", moved.version()))
            .map(moved)));
  }

  private Future<List<UUID>> parentPath(SqlConnection conn, UUID tenantId, UUID parentId, String field) {
    if (parentId == null) {
      return Future.succeededFuture(List.of());
    }
    return categories.find(conn, tenantId, parentId)
        .compose(parent -> parent.isPresent()
            ? Future.succeededFuture(parent.get().path())
            : Future.failedFuture(new ValidationException(field, "names a category that does not exist")));
  }

  private Future<Product> create(SqlConnection conn, UUID tenantId, ProductInput input) {
    UUID id = Uuids.v7();
    return products.insert(conn, tenantId, id, input)
        .compose(ignored -> products.replaceVariants(conn, tenantId, id, input.variants()))
        .compose(ignored -> products.replaceCategories(conn, tenantId, id, input.categoryIds()))
        .compose(ignored -> products.refreshDerived(conn, tenantId, id))
        .compose(ignored -> load(conn, tenantId, id))
        .compose(product -> emit(conn, tenantId, CommerceEvents.PRODUCT_CREATED, product));
  }

  private Future<Product> update(SqlConnection conn, UUID tenantId, ProductInput input, ProductQuota quota) {
    return unarchiving(conn, tenantId, input, quota)
        .compose(unarchived -> unarchived ? quota.claim(conn, tenantId) : Future.<Void>succeededFuture())
        .compose(ignored -> products.update(conn, tenantId, input))
        .compose(updated -> updated ? Future.<Void>succeededFuture() : staleOrMissing(conn, tenantId, input))
        .compose(ignored -> input.variants() == null
            ? Future.<Void>succeededFuture()
            : products.replaceVariants(conn, tenantId, input.id(), input.variants()))
        .compose(ignored -> input.categoryIds() == null
            ? Future.<Void>succeededFuture()
            : products.replaceCategories(conn, tenantId, input.id(), input.categoryIds()))
        .compose(ignored -> products.refreshDerived(conn, tenantId, input.id()))
        .compose(ignored -> load(conn, tenantId, input.id()))
        .compose(product -> emit(conn, tenantId, "archived".equals(input.status())
            ? CommerceEvents.PRODUCT_ARCHIVED
            : CommerceEvents.PRODUCT_UPDATED, product));
  }

  /** Whether a limited update brings an archived product back (then it counts against the plan again). */
  private Future<Boolean> unarchiving(SqlConnection conn, UUID tenantId, ProductInput input, ProductQuota quota) {
    if (!quota.limited() || input.status() == null || "archived".equals(input.status())) {
      return Future.succeededFuture(false);
    }
    return conn.preparedQuery("SELECT status FROM products WHERE tenant_id = $1 AND id = $2")
        .execute(io.vertx.sqlclient.Tuple.of(tenantId, input.id()))
        .map(rows -> rows.size() > 0 && "archived".equals(rows.iterator().next().getString("status")));
  }

  private Future<Void> staleOrMissing(SqlConnection conn, UUID tenantId, ProductInput input) {
    return products.version(conn, tenantId, input.id())
        .compose(current -> Future.failedFuture(current.isEmpty()
            ? new NotFoundException("product " + input.id() + " not found")
            : new PreconditionFailedException("product " + input.id() + " is at version " + current.get()
                + ", not " + input.version())));
  }

  private Future<Product> load(SqlConnection conn, UUID tenantId, UUID id) {
    return products.find(conn, tenantId, id)
        .compose(found -> found.isEmpty()
            ? Future.failedFuture(new NotFoundException("product " + id + " not found"))
            : Future.all(products.variants(conn, tenantId, id), products.categoryIds(conn, tenantId, id))
                .map(parts -> found.get().with(parts.resultAt(0), parts.resultAt(1))));
  }

  private Future<Product> emit(SqlConnection conn, UUID tenantId, String type, Product product) {
    JsonObject payload = product.toJson();
    return events.write(conn, EventEnvelope.of(type, tenantId, "product", product.id().toString(), null, payload))
        .map(product);
  }

  private static ProductInput withId(ProductInput p, UUID id) {
    return new ProductInput(id, p.version(), p.status(), p.title(), p.description(), p.attributes(), p.images(),
        p.tags(), p.options(), p.variants(), p.categoryIds());
  }
}
