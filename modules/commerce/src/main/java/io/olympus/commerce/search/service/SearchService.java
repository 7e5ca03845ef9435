package io.olympus.commerce.search.service;

import io.olympus.commerce.search.model.SearchCursor;
import io.olympus.commerce.search.model.SearchPage;
import io.olympus.commerce.search.model.SearchRequest;
import io.olympus.commerce.search.repository.SearchRepository;
import io.olympus.commerce.search.repository.SearchSql;
import io.olympus.common.db.Tenancy;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;

/**
 * Product search: full text over title, description, tags and SKUs (weighted tsvector, GIN) with typo
 * tolerance (when all words together match nothing, any of them matches, each corrected to the tenant's most
 * similar title/tag word), filters, sorts, keyset cursor pages and facet counts.
 */
public final class SearchService {

  private final Pool pool;
  private final SearchRepository repository;
  private final SearchCache cache;

  /** Without a cache: every search runs its statements. */
  public SearchService(Pool pool, SearchRepository repository) {
    this(pool, repository, new SearchCache(null, SearchCacheConfig.DISABLED));
  }

  public SearchService(Pool pool, SearchRepository repository, SearchCache cache) {
    this.pool = pool;
    this.repository = repository;
    this.cache = cache;
  }

  /**
   * The page of {@link #search} rendered as the API's JSON: a first page from the {@link SearchCache} when the
   * same search was answered at the tenant's current catalog version, else searched (and stored).
   */
  public Future<SearchCache.Result> searchRendered(UUID tenantId, SearchRequest request) {
    return cache.get(tenantId, request, () -> search(tenantId, request));
  }

  /**
   * One page of matching products in the requested order. Facets are counted over the search's candidates
   * (exact up to {@value SearchSql#CANDIDATE_CAP} products, else lower bounds and {@code facets_capped}) on the
   * first page only (no cursor) unless {@code facets=false}; page and facets are one statement. Keyset paging:
   * an item inserted while a client pages never makes another item repeat or go missing. A text that finds nothing
   * falls back, in the same statement, to any of its words (websearch "or"), each corrected to the tenant's most
   * similar title/tag word, unless the text matches products (then this was just the page after the last one); a
   * single word that needs no correction has no fallback. The typo path (pg_trgm on search_words) runs only then.
   */
  public Future<SearchPage> search(UUID tenantId, SearchRequest request) {
    boolean withFacets = request.facets() && request.cursor() == null;
    // one round trip (BEGIN READ ONLY, tenant, page and COMMIT pipelined), the typo fallback included
    return Tenancy.readInTenant(pool, tenantId, conn -> repository.page(conn, tenantId, request, withFacets))
        .map(found -> page(request, found.hits(), found.facets()));
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
