package io.olympus.platform.location;

import io.olympus.common.error.ConflictException;
import io.olympus.common.error.NotFoundException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes locations; every statement filters by tenant_id. */
public final class LocationRepository {

  /** Plan code and location limit (null = unlimited) of the tenant, locking its row for the transaction. */
  public record PlanLimit(String plan, Integer maxLocations) {}

  public Future<Location> insert(SqlClient client, UUID tenantId, UUID id, String path, NewLocation l) {
    return client.preparedQuery(LocationSql.INSERT)
        .execute(Tuple.from(new Object[] {id, tenantId, l.parentId(), path, l.code(), l.name(), l.kind(),
            l.timezone(), l.currency(), l.taxRegion(), l.address()}))
        .map(rows -> Location.MAPPER.apply(rows.iterator().next()))
        .recover(err -> Future.failedFuture(err instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? new ConflictException("location code '" + l.code() + "' is already used")
            : err));
  }

  public Future<Optional<Location>> findById(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(LocationSql.BY_ID)
        .execute(Tuple.of(tenantId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Location.MAPPER.apply(rows.iterator().next())));
  }

  public Future<List<Location>> subtree(SqlClient client, UUID tenantId, String path) {
    return client.preparedQuery(LocationSql.SUBTREE)
        .execute(Tuple.of(tenantId, path))
        .map(rows -> {
          List<Location> list = new ArrayList<>();
          for (Row row : rows) {
            list.add(Location.MAPPER.apply(row));
          }
          return list;
        });
  }

  public Future<List<Location>> page(SqlClient client, UUID tenantId, String afterPath, int limit) {
    return client.preparedQuery(LocationSql.PAGE)
        .execute(Tuple.of(tenantId, afterPath, limit))
        .map(rows -> {
          List<Location> list = new ArrayList<>();
          for (Row row : rows) {
            list.add(Location.MAPPER.apply(row));
          }
          return list;
        });
  }

  public Future<Long> count(SqlClient client, UUID tenantId) {
    return client.preparedQuery(LocationSql.COUNT)
        .execute(Tuple.of(tenantId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<PlanLimit> lockPlanLimit(SqlClient client, UUID tenantId) {
    return client.preparedQuery(LocationSql.PLAN_LIMIT)
        .execute(Tuple.of(tenantId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new NotFoundException("tenant " + tenantId + " not found"));
          }
          Row row = rows.iterator().next();
          return Future.succeededFuture(new PlanLimit(row.getString("code"), row.getInteger("max_locations")));
        });
  }

  public Future<Void> move(SqlClient client, UUID tenantId, UUID id, String oldPath, String newPath, UUID newParent) {
    return client.preparedQuery(LocationSql.MOVE)
        .execute(Tuple.of(tenantId, id, newPath, oldPath, newParent))
        .mapEmpty();
  }

  public Future<Boolean> hasChildren(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(LocationSql.HAS_CHILDREN)
        .execute(Tuple.of(tenantId, id))
        .map(rows -> rows.size() > 0);
  }

  public Future<Void> delete(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(LocationSql.DELETE)
        .execute(Tuple.of(tenantId, id))
        .mapEmpty();
  }
}
