package io.olympus.commerce.support;

import io.olympus.commerce.catalog.model.Category;
import io.olympus.commerce.catalog.model.CategoryInput;
import io.olympus.commerce.catalog.model.Product;
import io.olympus.commerce.catalog.model.ProductInput;
import io.olympus.commerce.catalog.service.CatalogService;
import io.olympus.commerce.search.model.SearchRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Catalogues and requests shared by the search tests. */
public final class SearchFixtures {

  private SearchFixtures() {}

  /** A search request from query parameter pairs (name, value, name, value, ...), validated as the route does. */
  public static SearchRequest query(String... pairs) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      params.add(pairs[i], pairs[i + 1]);
    }
    return SearchRequest.fromQuery(params);
  }

  /** A category named as its slug, under {@code parent} (null: a root). */
  public static Category category(CatalogService catalog, UUID tenant, String slug, UUID parent) {
    JsonObject json = new JsonObject().put("name", slug).put("slug", slug);
    if (parent != null) {
      json.put("parent_id", parent.toString());
    }
    return catalog.createCategory(tenant, CategoryInput.fromJson(json)).await();
  }

  /** An active product with one variant of {@code sku} at {@code price} EUR cents, its tags and categories. */
  public static Product product(CatalogService catalog, UUID tenant, String title, String sku, long price,
      List<String> tags, UUID... categories) {
    JsonObject json = Fixtures.product(title, sku, price).put("tags", new JsonArray(new ArrayList<>(tags)))
        .put("category_ids", new JsonArray(new ArrayList<>(Arrays.stream(categories).map(UUID::toString).toList())));
    return catalog.createProduct(tenant, ProductInput.readCreate(json)).await();
  }
}
