package io.olympus.commerce.catalog.model;

import io.olympus.commerce.support.Money;
import io.olympus.commerce.support.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** A product with its variants and categories (search results leave variants and categories empty). */
public record Product(
    UUID id,
    String status,
    String title,
    String description,
    JsonObject attributes,
    JsonArray images,
    List<String> tags,
    JsonArray options,
    Money fromPrice,
    int version,
    Instant createdAt,
    Instant updatedAt,
    List<Variant> variants,
    List<UUID> categoryIds) {

  public static final Function<Row, Product> MAPPER = row -> new Product(
      row.getUUID("id"),
      row.getString("status"),
      row.getString("title"),
      row.getString("description"),
      (JsonObject) row.getValue("attributes"),
      (JsonArray) row.getValue("images"),
      Arrays.asList(row.getArrayOfStrings("tags")),
      (JsonArray) row.getValue("options"),
      row.getLong("min_price") == null ? null : new Money(row.getLong("min_price"), row.getString("currency")),
      row.getInteger("version"),
      Rows.instant(row.getOffsetDateTime("created_at")),
      Rows.instant(row.getOffsetDateTime("updated_at")),
      List.of(),
      List.of());

  /** Maps a products row; public so the search domain reads products the same way. */
  public static Product fromRow(Row row) {
    return MAPPER.apply(row);
  }

  public Product with(List<Variant> variants, List<UUID> categoryIds) {
    return new Product(id, status, title, description, attributes, images, tags, options, fromPrice, version,
        createdAt, updatedAt, variants, categoryIds);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("status", status)
        .put("title", title)
        .put("description", description)
        .put("attributes", attributes)
        .put("images", images)
        .put("tags", new JsonArray(List.copyOf(tags)))
        .put("options", options)
        .put("from_price", fromPrice == null ? null : fromPrice.toJson())
        .put("version", version)
        .put("created_at", createdAt.toString())
        .put("updated_at", updatedAt.toString())
        .put("variants", new JsonArray(variants.stream().map(Variant::toJson).toList()))
        .put("category_ids", new JsonArray(categoryIds.stream().map(UUID::toString).toList()));
  }
}
