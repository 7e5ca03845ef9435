package io.olympus.commerce.catalog.model;

import io.olympus.common.error.ApiException;
import io.olympus.common.error.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Per-item outcome of a bulk product write, in request order. */
public record BulkResult(List<Item> items) {

  /** One item: {@code created}/{@code updated} with its product, or {@code failed} with its error. */
  public record Item(int index, String outcome, Product product, ApiException error) {

    public static Item succeeded(int index, String outcome, Product product) {
      return new Item(index, outcome, product, null);
    }

    public static Item failed(int index, ApiException error) {
      return new Item(index, "failed", null, error);
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("index", index).put("outcome", outcome);
      if (product != null) {
        json.put("id", product.id().toString()).put("version", product.version());
      }
      if (error != null) {
        json.put("error", new JsonObject()
            .put("status", error.status())
            .put("type", error.type())
            .put("detail", error.detail())
            .put("errors", new JsonArray(error.errors().stream().map(FieldError::toJson).toList())));
      }
      return json;
    }
  }

  public long failedCount() {
    return items.stream().filter(i -> i.error() != null).count();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("succeeded", items.size() - failedCount())
        .put("failed", failedCount())
        .put("items", new JsonArray(items.stream().map(Item::toJson).toList()));
  }
}
