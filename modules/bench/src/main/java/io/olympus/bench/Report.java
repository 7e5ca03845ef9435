package io.olympus.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The results as a Markdown table. */
final class Report {

  private Report() {
  }

  static String table(List<LoadResult> results) {
    StringBuilder out = new StringBuilder();
    out.append("| scenario | model | target rate (/s) | achieved (ok/s) | p50 ms | p90 ms | p99 ms | max ms | errors % | notes |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (LoadResult r : results) {
      String model = r.model().equals("closed") ? "closed, " + r.concurrency() + " conc." : r.model();
      if (!r.available()) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | — | — | — | — | — | — | %s |%n",
            r.scenario(), model, rate(r.targetRate()), r.note()));
        continue;
      }
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %s |%n",
          r.scenario(), model, rate(r.targetRate()), r.achievedRate(), r.p50(), r.p90(), r.p99(), r.max(),
          r.errorPercent(), notes(r)));
    }
    return out.toString();
  }

  private static String rate(double rate) {
    return Double.isNaN(rate) ? "—" : String.format(Locale.ROOT, "%.0f", rate);
  }

  private static String notes(LoadResult r) {
    String statuses = r.statuses().entrySet().stream()
        .filter(e -> e.getKey() < 200 || e.getKey() >= 300)
        .map(e -> label(e.getKey()) + "×" + e.getValue())
        .collect(Collectors.joining(" "));
    String note = r.note() == null ? "" : r.note();
    return (statuses.isEmpty() ? note : (note.isEmpty() ? statuses : note + "; " + statuses)).replace("|", "/");
  }

  private static String label(int status) {
    return switch (status) {
      case LoadGenerator.TRANSPORT_ERROR -> "transport/timeout";
      case LoadGenerator.DROPPED -> "dropped";
      default -> Integer.toString(status);
    };
  }
}
