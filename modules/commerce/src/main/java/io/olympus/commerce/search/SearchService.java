package io.olympus.commerce.search;

import io.olympus.common.db.Tenancy;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;

/**
 * Product search: full text over title, description, tags and SKUs (weighted tsvector, GIN) with typo
 * tolerance (pg_trgm word similarity), filters, sorts, keyset cursor pages and facet counts.
 */
public final class SearchService {

  private final Pool pool;
  private final SearchRepository repository;

  public SearchService(Pool pool, SearchRepository repository) {
    this.pool = pool;
    this.repository = repository;
  }

  /**
   * One page of matching products in the requested order. Facets are counted over the whole filtered
   * set on the first page only (no cursor) unless {@code facets=false}. Keyset paging: an item inserted
   * while a client pages never makes another item repeat or go missing.
   */
  public Future<SearchPage> search(UUID tenantId, SearchRequest request) {
    boolean withFacets = request.facets() && request.cursor() == null;
    return Tenancy.inTenant(pool, tenantId, conn -> repository.tuneTypoTolerance(conn)
        .compose(ignored -> repository.page(conn, tenantId, request))
        .compose(hits -> withFacets
            ? repository.facets(conn, tenantId, request).map(facets -> page(request, hits, facets))
            : Future.succeededFuture(page(request, hits, null))));
  }

  private static SearchPage page(SearchRequest request, List<SearchRepository.Hit> hits, SearchPage.Facets facets) {
    boolean more = hits.size() > request.limit();
    List<SearchRepository.Hit> shown = more ? hits.subList(0, request.limit()) : hits;
    String next = null;
    if (more) {
      SearchRepository.Hit last = shown.get(shown.size() - 1);
      next = new SearchCursor(request.sort(),
          "relevance".equals(request.sort()) ? last.rank() : null,
          request.sort().startsWith("price") ? last.sortPrice() : null,
          last.product().id()).encode();
    }
    return new SearchPage(shown.stream().map(SearchRepository.Hit::product).toList(), next, facets);
  }
}
