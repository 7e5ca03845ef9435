package io.olympus.platform.location;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;
import java.util.function.Function;

/** A node of a tenant's location hierarchy. {@code path} lists its ancestors' ids and its own. */
public record Location(
    UUID id,
    UUID tenantId,
    UUID parentId,
    String path,
    String code,
    String name,
    String kind,
    String timezone,
    String currency,
    String taxRegion,
    JsonObject address,
    int version) {

  static final Function<Row, Location> MAPPER = row -> new Location(
      row.getUUID("id"),
      row.getUUID("tenant_id"),
      row.getUUID("parent_id"),
      row.getString("path"),
      row.getString("code"),
      row.getString("name"),
      row.getString("kind"),
      row.getString("timezone"),
      row.getString("currency"),
      row.getString("tax_region"),
      (JsonObject) row.getValue("address"),
      row.getInteger("version"));

  /** True when {@code other} is this location or one of its descendants. */
  public boolean contains(Location other) {
    return other.path.startsWith(path);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("parent_id", parentId == null ? null : parentId.toString())
        .put("code", code)
        .put("name", name)
        .put("kind", kind)
        .put("timezone", timezone)
        .put("currency", currency)
        .put("tax_region", taxRegion)
        .put("address", address)
        .put("version", version);
  }
}
