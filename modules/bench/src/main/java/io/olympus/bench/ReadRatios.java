package io.olympus.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every read scenario of a run as a ratio to the same run's one-statement ceiling ({@link OneStatementCeiling}):
 * closed-loop throughput over the ceiling's, and the open run's p99 next to the ceiling's. Ratios within one run are
 * the fair comparison on a shared machine; absolute figures move with its load.
 */
final class ReadRatios {

  static final String CEILING = "ceiling: one statement, no transaction (Vert.x + pg + JWT) product read";
  static final String MINIMAL = "ceiling: minimal Vert.x + pg + JWT product read";
  static final String PRODUCT = "Olympus GET /api/v1/products/{id}";
  static final String SEARCH = "Olympus catalog search GET /api/v1/products?q=&limit=20";

  private ReadRatios() {
  }

  /** The report's lines, one per read scenario of the run; empty when the ceiling did not run. */
  static List<String> lines(List<LoadResult> results, String productCache, String searchCache) {
    Optional<LoadResult> ceiling = find(results, CEILING, "closed");
    List<String> lines = new ArrayList<>();
    if (ceiling.isEmpty() || ceiling.get().achievedRate() <= 0) {
      return lines;
    }
    double top = ceiling.get().achievedRate();
    Optional<LoadResult> ceilingOpen = find(results, CEILING, "open");
    lines.add(String.format(Locale.ROOT, "Read ratios to the one-statement ceiling (closed loop %.0f/s%s):", top,
        ceilingOpen.map(r -> String.format(Locale.ROOT, ", open %.0f/s p99 %.2f ms", r.targetRate(), r.p99())).orElse("")));
    add(lines, results, MINIMAL, "minimal Vert.x + pg + JWT (transaction, 5 statements)", top);
    add(lines, results, PRODUCT, "Olympus product read, product cache " + productCache, top);
    add(lines, results, SEARCH, "Olympus catalog search, search cache " + searchCache, top);
    return lines;
  }

  private static void add(List<String> lines, List<LoadResult> results, String scenario, String label, double top) {
    Optional<LoadResult> closed = find(results, scenario, "closed");
    if (closed.isEmpty()) {
      return;
    }
    Optional<LoadResult> open = find(results, scenario, "open");
    lines.add(String.format(Locale.ROOT, "  - %s: %.0f/s closed = **%.2f×** the ceiling%s", label,
        closed.get().achievedRate(), closed.get().achievedRate() / top,
        open.map(r -> String.format(Locale.ROOT, "; open %.0f/s p99 %.2f ms", r.targetRate(), r.p99())).orElse("")));
  }

  private static Optional<LoadResult> find(List<LoadResult> results, String scenario, String model) {
    return results.stream()
        .filter(r -> r.scenario().equals(scenario) && r.model().equals(model) && r.available())
        .findFirst();
  }
}
