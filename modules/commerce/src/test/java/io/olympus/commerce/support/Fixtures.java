package io.olympus.commerce.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Request bodies shared by the commerce tests. */
public final class Fixtures {

  private Fixtures() {}

  /** A product with one variant of {@code sku} at {@code amount} EUR cents. */
  public static JsonObject product(String title, String sku, long amount) {
    return new JsonObject()
        .put("title", title)
        .put("status", "active")
        .put("description", "A fine " + title.toLowerCase())
        .put("tags", new JsonArray().add("audio"))
        .put("variants", new JsonArray().add(new JsonObject()
            .put("sku", sku)
            .put("price", new JsonObject().put("amount", amount).put("currency", "EUR"))));
  }
}
