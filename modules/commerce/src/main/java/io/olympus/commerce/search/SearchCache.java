package io.olympus.commerce.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Rendered first pages of searches (no cursor) keyed by tenant and normalised request (text lower-cased with
 * blanks collapsed, tags sorted; filters, sort, limit and facets as given), shared by every HTTP instance of a
 * process. A page is stored with the tenant's {@link CatalogVersions} read before its transaction began and is
 * served only while they are unchanged (the stock version counts only for {@code available_at} searches), so a
 * committed change is never hidden once its version bump reached this process; {@link SearchCacheConfig#ttlMillis()}
 * bounds the rest (a change committed by another process whose event has not arrived, or was lost). The tenant is
 * part of the key: one tenant's page is never served to another. Concurrent misses of the same search at the
 * same versions share one load, so an expiry or a write under load runs the search once, not once per request.
 */
public final class SearchCache {

  private record Key(UUID tenantId, SearchRequest request) {}

  private record Entry(long catalogVersion, long stockVersion, Buffer body) {}

  /** A rendered page and whether it came from the cache. */
  public record Result(Buffer body, boolean cached) {}

  private static final Map<Vertx, SearchCache> INSTANCES = new WeakHashMap<>();

  private final CatalogVersions versions;
  private final Cache<Key, Entry> entries;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong loads = new AtomicLong();
  private final ConcurrentHashMap<Key, Loading> loading = new ConcurrentHashMap<>();

  public SearchCache(CatalogVersions versions, SearchCacheConfig config) {
    this.versions = versions;
    this.entries = config.enabled()
        ? Caffeine.newBuilder()
            .maximumWeight(config.maxBytes())
            .<Key, Entry>weigher((key, entry) -> entry.body().length() + 200)
            .expireAfterWrite(Duration.ofMillis(config.ttlMillis()))
            .build()
        : null;
  }

  /**
   * The rendered page of {@code request}: from the cache when a first page of the same search was stored at the
   * tenant's current versions, else from {@code load} (stored when it is a first page).
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
    if (entry != null && entry.catalogVersion() == catalog && entry.stockVersion() == stock) {
      hits.incrementAndGet();
      return Future.succeededFuture(new Result(entry.body(), true));
    }
    misses.incrementAndGet();
    Promise<Buffer> loaded = Promise.promise();
    Loading mine = new Loading(catalog, stock, loaded.future());
    Loading current = loading.compute(key, (k, other) ->
        other != null && other.catalogVersion() == catalog && other.stockVersion() == stock ? other : mine);
    if (current != mine) {
      return onCallerContext(current.body()).map(body -> new Result(body, false));
    }
    loads.incrementAndGet();
    load.get()
        .map(page -> page.toJson().toBuffer())
        .onComplete(result -> {
          loading.remove(key, mine);
          if (result.succeeded()) {
            entries.put(key, new Entry(catalog, stock, result.result()));
          }
          loaded.handle(result);
        });
    return loaded.future().map(body -> new Result(body, false));
  }

  /** A load in flight: concurrent misses of the same search at the same versions wait for it (no stampede). */
  private record Loading(long catalogVersion, long stockVersion, Future<Buffer> body) {}

  /** {@code future}'s outcome delivered on the caller's context (the load may complete on another event loop). */
  private static <T> Future<T> onCallerContext(Future<T> future) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return future;
    }
    Promise<T> promise = Promise.promise();
    future.onComplete(result -> context.runOnContext(ignored -> promise.handle(result)));
    return promise.future();
  }

  /** The instance of this Vert.x, created with {@code config} on first use. */
  public static SearchCache of(Vertx vertx, SearchCacheConfig config) {
    synchronized (INSTANCES) {
      return INSTANCES.computeIfAbsent(Objects.requireNonNull(vertx), v -> new SearchCache(CatalogVersions.of(v), config));
    }
  }

  public long hits() {
    return hits.get();
  }

  public long misses() {
    return misses.get();
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
