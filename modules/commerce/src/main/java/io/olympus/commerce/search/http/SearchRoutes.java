package io.olympus.commerce.search.http;

import static io.olympus.commerce.http.CommercePermissions.PRODUCTS_READ;

import io.olympus.commerce.http.CommerceRoutes;
import io.olympus.commerce.http.Http;
import io.olympus.commerce.http.RouteBinder;
import io.olympus.commerce.search.model.SearchRequest;
import io.olympus.commerce.search.service.SearchService;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Handler of the product search and listing operation. */
public final class SearchRoutes implements CommerceRoutes {

  private final SearchService search;

  public SearchRoutes(SearchService search) {
    this.search = search;
  }

  @Override
  public void bind(RouteBinder binder) {
    binder.read("searchProducts", PRODUCTS_READ, this::searchProducts);
  }

  /** Search and listing: {@code category} is the category id whose subtree to search. */
  private void searchProducts(RoutingContext ctx) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap().addAll(ctx.queryParams());
    if (params.contains("category")) {
      params.set("category_id", params.getAll("category"));
      params.remove("category");
    }
    SearchRequest request = SearchRequest.fromQuery(params);
    search.searchRendered(Http.tenant(ctx), request)
        .onSuccess(result -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader("X-Search-Cache", result.cached() ? "hit" : "miss")
            .end(result.body()))
        .onFailure(ctx::fail);
  }
}
