package io.olympus.commerce.catalog.repository;

import io.olympus.commerce.catalog.model.Product;
import io.olympus.commerce.catalog.model.ProductInput;
import io.olympus.commerce.catalog.model.Variant;
import io.olympus.commerce.support.Rows;
import io.olympus.common.db.PgErrors;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes products, their variants and category links. Callers own the transaction and tenant. */
public final class ProductRepository {

  public Future<Void> insert(SqlClient client, UUID tenantId, UUID id, ProductInput p) {
    return client.preparedQuery(CatalogSql.INSERT_PRODUCT)
        .execute(Tuple.of(tenantId, id, p.status(), p.title(), p.description(), p.attributes(), p.images(),
            p.tags().toArray(String[]::new), p.optionsJson()))
        .mapEmpty();
  }

  /** Applies an update at the caller's version; false when no row has that version. */
  public Future<Boolean> update(SqlClient client, UUID tenantId, ProductInput p) {
    Tuple args = Tuple.tuple()
        .addValue(tenantId).addValue(p.id()).addValue(p.version()).addValue(p.status()).addValue(p.title())
        .addValue(p.description()).addValue(p.attributes()).addValue(p.images())
        .addValue(p.tags() == null ? null : p.tags().toArray(String[]::new))
        .addValue(p.optionsJson());
    return client.preparedQuery(CatalogSql.UPDATE_PRODUCT)
        .execute(args)
        .map(rows -> rows.rowCount() == 1);
  }

  /** The tenant's products that are not archived. */
  public Future<Long> countUnarchived(SqlClient client, UUID tenantId) {
    return client.preparedQuery(CatalogSql.COUNT_PRODUCTS).execute(Tuple.of(tenantId))
        .map(rows -> rows.iterator().next().getLong("products"));
  }

  public Future<Optional<Integer>> version(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(CatalogSql.PRODUCT_VERSION)
        .execute(Tuple.of(tenantId, id))
        .map(rows -> Rows.first(rows, row -> row.getInteger("version")));
  }

  /**
   * Makes the product's variants exactly {@code variants} (matched by SKU, keeping ids of kept SKUs).
   * Fails with ConflictException when a SKU belongs to another product or a removed variant still has stock.
   */
  public Future<Void> replaceVariants(SqlClient client, UUID tenantId, UUID productId, List<ProductInput.VariantInput> variants) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < variants.size(); i++) {
      ProductInput.VariantInput v = variants.get(i);
      Tuple args = Tuple.of(tenantId, Uuids.v7(), productId, v.sku())
          .addValue(v.barcode()).addValue(v.options()).addValue(v.weightGrams())
          .addValue(v.price().amount()).addValue(v.price().currency()).addValue(i).addValue(v.taxCategory());
      chain = chain.compose(ignored -> client.preparedQuery(CatalogSql.UPSERT_VARIANT)
          .execute(args)
          .compose(rows -> rows.rowCount() == 1
              ? Future.<Void>succeededFuture()
              : Future.failedFuture(new ConflictException("SKU '" + v.sku() + "' belongs to another product"))));
    }
    String[] skus = variants.stream().map(ProductInput.VariantInput::sku).toArray(String[]::new);
    return chain
        .compose(ignored -> client.preparedQuery(CatalogSql.DELETE_OTHER_VARIANTS).execute(Tuple.of(tenantId, productId, skus)))
        .recover(err -> Future.failedFuture(PgErrors.foreignKeyViolation(err)
            ? new ConflictException("a removed variant still has stock, reservations or prices")
            : err))
        .mapEmpty();
  }

  /** Makes the product's categories exactly {@code categoryIds}; ValidationException for an unknown category. */
  public Future<Void> replaceCategories(SqlClient client, UUID tenantId, UUID productId, List<UUID> categoryIds) {
    List<Tuple> links = new ArrayList<>();
    categoryIds.forEach(c -> links.add(Tuple.of(tenantId, productId, c)));
    return client.preparedQuery(CatalogSql.DELETE_PRODUCT_CATEGORIES)
        .execute(Tuple.of(tenantId, productId))
        .compose(ignored -> links.isEmpty()
            ? Future.succeededFuture()
            : client.preparedQuery(CatalogSql.INSERT_PRODUCT_CATEGORY).executeBatch(links))
        .recover(err -> Future.failedFuture(PgErrors.foreignKeyViolation(err)
            ? new ValidationException("category_ids", "names a category that does not exist")
            : err))
        .mapEmpty();
  }

  /** Recomputes the search and sort columns from the variants and returns the product row. */
  public Future<Product> refreshDerived(SqlClient client, UUID tenantId, UUID productId) {
    return client.preparedQuery(CatalogSql.REFRESH_DERIVED)
        .execute(Tuple.of(tenantId, productId))
        .map(rows -> Product.MAPPER.apply(rows.iterator().next()));
  }

  public Future<Optional<Product>> find(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(CatalogSql.PRODUCT_BY_ID)
        .execute(Tuple.of(tenantId, id))
        .map(rows -> Rows.first(rows, Product.MAPPER));
  }

  /**
   * The product with its variants and categories in one statement that sets the tenant itself
   * ({@link CatalogSql#PRODUCT_READ}); {@code client} is a pool or a connection outside any transaction, so the
   * tenant setting ends with the statement. Empty when absent or another tenant's.
   */
  public Future<Optional<Product>> read(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(CatalogSql.PRODUCT_READ)
        .execute(Tuple.of(tenantId, id))
        .map(rows -> Rows.first(rows, ProductRepository::whole));
  }

  private static Product whole(Row row) {
    JsonArray variants = (JsonArray) row.getValue("variants");
    List<Variant> read = new ArrayList<>(variants.size());
    for (int i = 0; i < variants.size(); i++) {
      read.add(Variant.fromJson(variants.getJsonObject(i)));
    }
    return Product.MAPPER.apply(row).with(read, Arrays.asList(row.getArrayOfUUIDs("category_ids")));
  }

  public Future<List<Variant>> variants(SqlClient client, UUID tenantId, UUID productId) {
    return client.preparedQuery(CatalogSql.VARIANTS_OF)
        .execute(Tuple.of(tenantId, productId))
        .map(rows -> Rows.all(rows, Variant.MAPPER));
  }

  public Future<Optional<Variant>> variant(SqlClient client, UUID tenantId, UUID variantId) {
    return client.preparedQuery(CatalogSql.VARIANT_BY_ID)
        .execute(Tuple.of(tenantId, variantId))
        .map(rows -> Rows.first(rows, Variant.MAPPER));
  }

  public Future<List<UUID>> categoryIds(SqlClient client, UUID tenantId, UUID productId) {
    return client.preparedQuery(CatalogSql.CATEGORIES_OF)
        .execute(Tuple.of(tenantId, productId))
        .map(rows -> Rows.all(rows, row -> row.getUUID("category_id")));
  }
}
