package io.olympus.commerce.search.model;

import io.olympus.commerce.catalog.model.Product;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** One page of search results, the cursor of the next page (null at the end) and facet counts. */
public record SearchPage(List<Product> items, String nextCursor, Facets facets) {

  /**
   * How many products of the filtered set fall in each category (subtree) and carry each tag: exact, or, when
   * {@code sampled}, counted over the first 1,001 matching products only, so
   * every count is a lower bound ("at least"). The response carries it twice: {@code facets.sampled} and the
   * top-level {@code facets_capped}.
   */
  public record Facets(List<Count> categories, List<Count> tags, boolean sampled) {

    /** The facets of a search that matched nothing. */
    public static final Facets NONE = new Facets(List.of(), List.of(), false);

    public JsonObject toJson() {
      return new JsonObject()
          .put("sampled", sampled)
          .put("categories", new JsonArray(categories.stream().map(Count::toJson).toList()))
          .put("tags", new JsonArray(tags.stream().map(Count::toJson).toList()));
    }
  }

  /** A facet value: a category id (with its name) or a tag, and its product count. */
  public record Count(String value, String label, long count) {

    JsonObject toJson() {
      return new JsonObject().put("value", value).put("label", label).put("count", count);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("items", new JsonArray(items.stream().map(Product::toJson).toList()))
        .put("next_cursor", nextCursor)
        .put("facets", facets == null ? null : facets.toJson())
        .put("facets_capped", facets != null && facets.sampled());
  }
}
