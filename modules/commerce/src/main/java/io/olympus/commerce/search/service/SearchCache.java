package io.olympus.commerce.search.service;

import io.olympus.commerce.search.model.SearchPage;
import io.olympus.commerce.search.model.SearchRequest;
import io.olympus.commerce.support.CallerContext;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Rendered first pages of searches (no cursor) keyed by tenant and normalised request (text lower-cased with
 * blanks collapsed, tags sorted; filters, sort, limit and facets as given), shared by every HTTP instance of a
 * process (built once by commerce's composition root; Caffeine and concurrent maps, loads delivered on the caller's
 * context). A page is stored with the tenant's {@link CatalogVersions} read before its transaction began and is
 * served only while they are unchanged (the stock version counts only for {@code available_at} searches), so a
 * committed change is never hidden once its version bump reached this process; {@link SearchCacheConfig#ttlMillis()}
 * (plus at most one second of refresh, during which one search replaces the page while it is still served) bounds
 * the rest (a change committed by another process whose event has not arrived, or was lost). The tenant is
 * part of the key: one tenant's page is never served to another. Concurrent misses of the same search at the
 * same versions share one load, so an expiry or a write under load runs the search once, not once per request.
 */
public final class SearchCache {

  private record Key(UUID tenantId, SearchRequest request) {}

  /** A rendered page, the versions read before its search began and when that was. */
  private record Entry(long catalogVersion, long stockVersion, long searchedAtNanos, Buffer body) {}

  /** A rendered page and whether it came from the cache. */
  public record Result(Buffer body, boolean cached) {}

  /** At most this long past its TTL a page is served while a refresh runs (or the TTL itself, if shorter). */
  static final long MAX_REFRESH_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final CatalogVersions versions;
  private final LongSupplier clock;
  private final long ttlNanos;
  private final long refreshGraceNanos;
  private final Cache<Key, Entry> entries;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong loads = new AtomicLong();
  private final ConcurrentHashMap<Key, Loading> loading = new ConcurrentHashMap<>();

  public SearchCache(CatalogVersions versions, SearchCacheConfig config) {
    this(versions, config, System::nanoTime);
  }

  /** With another clock (tests). */
  SearchCache(CatalogVersions versions, SearchCacheConfig config, LongSupplier clock) {
    this.versions = versions;
    this.clock = clock;
    this.ttlNanos = TimeUnit.MILLISECONDS.toNanos(config.ttlMillis());
    this.refreshGraceNanos = Math.min(ttlNanos, MAX_REFRESH_GRACE_NANOS);
    this.entries = config.enabled()
        ? Caffeine.newBuilder()
            .maximumWeight(config.maxBytes())
            .<Key, Entry>weigher((key, entry) -> entry.body().length() + 200)
            .expireAfterWrite(Duration.ofNanos(ttlNanos + refreshGraceNanos))
            .build()
        : null;
  }

  /**
   * The rendered page of {@code request}: from the cache when a first page of the same search was stored at the
   * tenant's current versions, else from {@code load} (stored when it is a first page). A page older than the TTL
   * whose versions still match is served for at most {@link #refreshGraceNanos} more while one search refreshes it.
   */
  public Future<Result> get(UUID tenantId, SearchRequest request, Supplier<Future<SearchPage>> load) {
    if (entries == null || request.cursor() != null) {
      return load.get().map(page -> new Result(page.toJson().toBuffer(), false));
    }
    Key key = new Key(tenantId, normalised(request));
    boolean stockMatters = request.availableAt() != null;
    long catalog = versions.catalog(tenantId);
    long stock = stockMatters ? versions.stock(tenantId) : 0;
    Entry entry = entries.getIfPresent(key);
    long age = entry == null ? 0 : clock.getAsLong() - entry.searchedAtNanos();
    if (entry != null && entry.catalogVersion() == catalog && entry.stockVersion() == stock
        && age <= ttlNanos + refreshGraceNanos) {
      hits.incrementAndGet();
      if (age > ttlNanos) {
        loadOnce(key, catalog, stock, load);
      }
      return Future.succeededFuture(new Result(entry.body(), true));
    }
    misses.incrementAndGet();
    return loadOnce(key, catalog, stock, load).map(body -> new Result(body, false));
  }

  /** Runs {@code load} unless a load of the same search at the same versions is in flight; either way its body. */
  private Future<Buffer> loadOnce(Key key, long catalog, long stock, Supplier<Future<SearchPage>> load) {
    Promise<Buffer> loaded = Promise.promise();
    Loading mine = new Loading(catalog, stock, loaded.future());
    Loading current = loading.compute(key, (k, other) ->
        other != null && other.catalogVersion() == catalog && other.stockVersion() == stock ? other : mine);
    if (current != mine) {
      return CallerContext.of(current.body());
    }
    loads.incrementAndGet();
    long searchedAt = clock.getAsLong();
    load.get()
        .map(page -> page.toJson().toBuffer())
        .onComplete(result -> {
          loading.remove(key, mine);
          if (result.succeeded()) {
            entries.put(key, new Entry(catalog, stock, searchedAt, result.result()));
          }
          loaded.handle(result);
        });
    return loaded.future();
  }

  /** A load in flight: concurrent misses of the same search at the same versions wait for it (no stampede). */
  private record Loading(long catalogVersion, long stockVersion, Future<Buffer> body) {}

  public long hits() {
    return hits.get();
  }

  public long misses() {
    return misses.get();
  }

  /** Searches running now (tests). */
  int loadsInFlight() {
    return loading.size();
  }

  /** Searches actually run for misses (concurrent misses of one search share one). */
  public long loads() {
    return loads.get();
  }

  /** The same search, spelled one way: case and repeated blanks of the text and the order of tags do not matter. */
  static SearchRequest normalised(SearchRequest r) {
    String text = r.text() == null ? null : asciiLowerCase(r.text()).replaceAll("\\s+", " ");
    List<String> tags = r.tags().stream().sorted().toList();
    return new SearchRequest(text, r.categoryId(), tags, r.minPrice(), r.maxPrice(), r.status(), r.availableAt(),
        r.sort(), r.limit(), null, r.facets());
  }

  /**
   * A-Z to a-z only: PostgreSQL's text search parser lower-cases these the same way in every locale, so two texts
   * that differ only there search the same; other letters are left as sent.
   */
  private static String asciiLowerCase(String text) {
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 'A' && chars[i] <= 'Z') {
        chars[i] = (char) (chars[i] + ('a' - 'A'));
      }
    }
    return new String(chars);
  }
}
