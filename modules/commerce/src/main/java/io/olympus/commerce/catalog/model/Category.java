package io.olympus.commerce.catalog.model;

import io.olympus.commerce.support.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** A node of a tenant's category tree; {@code path} runs from the root down to this node. */
public record Category(UUID id, UUID parentId, String name, String slug, List<UUID> path, int version,
                       Instant createdAt, Instant updatedAt) {

  public static final Function<Row, Category> MAPPER = row -> new Category(
      row.getUUID("id"),
      row.getUUID("parent_id"),
      row.getString("name"),
      row.getString("slug"),
      Arrays.asList(row.getArrayOfUUIDs("path")),
      row.getInteger("version"),
      Rows.instant(row.getOffsetDateTime("created_at")),
      Rows.instant(row.getOffsetDateTime("updated_at")));

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("parent_id", parentId == null ? null : parentId.toString())
        .put("name", name)
        .put("slug", slug)
        .put("path", new JsonArray(path.stream().map(UUID::toString).toList()))
        .put("version", version)
        .put("created_at", createdAt.toString())
        .put("updated_at", updatedAt.toString());
  }
}
