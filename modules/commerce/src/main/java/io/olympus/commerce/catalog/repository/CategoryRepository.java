package io.olympus.commerce.catalog.repository;

import io.olympus.commerce.catalog.model.Category;
import io.olympus.commerce.catalog.model.CategoryInput;
import io.olympus.commerce.support.Rows;
import io.olympus.common.db.PgErrors;
import io.olympus.common.error.ConflictException;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes the category tree. Callers own the transaction and tenant. */
public final class CategoryRepository {

  public Future<Category> insert(SqlClient client, UUID tenantId, UUID id, CategoryInput input, List<UUID> path) {
    return client.preparedQuery(CatalogSql.INSERT_CATEGORY)
        .execute(Tuple.of(tenantId, id, input.parentId(), input.name(), input.slug(), path.toArray(UUID[]::new)))
        .map(rows -> Category.MAPPER.apply(rows.iterator().next()))
        .recover(err -> Future.failedFuture(PgErrors.uniqueViolation(err)
            ? new ConflictException("category slug '" + input.slug() + "' is already taken")
            : err));
  }

  public Future<Optional<Category>> find(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(CatalogSql.CATEGORY_BY_ID)
        .execute(Tuple.of(tenantId, id))
        .map(rows -> Rows.first(rows, Category.MAPPER));
  }

  public Future<List<Category>> tree(SqlClient client, UUID tenantId) {
    return client.preparedQuery(CatalogSql.CATEGORY_TREE)
        .execute(Tuple.of(tenantId))
        .map(rows -> Rows.all(rows, Category.MAPPER));
  }

  public Future<Void> lockTree(SqlClient client, UUID tenantId) {
    return client.preparedQuery(CatalogSql.LOCK_TREE).execute(Tuple.of(tenantId)).mapEmpty();
  }

  /** Moves {@code id}'s subtree under the node whose path is {@code parentPath} (empty: to the root). */
  public Future<Category> move(SqlClient client, UUID tenantId, UUID id, UUID parentId, List<UUID> parentPath) {
    return client.preparedQuery(CatalogSql.MOVE_SUBTREE)
        .execute(Tuple.of(tenantId, id, parentPath.toArray(UUID[]::new)))
        .compose(ignored -> client.preparedQuery(CatalogSql.SET_PARENT).execute(Tuple.of(tenantId, id, parentId)))
        .map(rows -> Category.MAPPER.apply(rows.iterator().next()));
  }
}
