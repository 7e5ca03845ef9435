package io.olympus.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Prometheus histogram read from the server's {@code /metrics} before and after a scenario: the difference of
 * the cumulative bucket counts is the scenario's own distribution, and its quantiles are interpolated inside a
 * bucket (Micrometer's percentile buckets are about 10 % apart around 30 ms, which bounds the error).
 */
final class ServerHistogram {

  private final TreeMap<Double, Double> cumulative;

  private ServerHistogram(TreeMap<Double, Double> cumulative) {
    this.cumulative = cumulative;
  }

  /** The buckets of {@code metric} (its base name, e.g. {@code olympus_auth_password_hash_seconds}) in a scrape. */
  static ServerHistogram parse(String scrape, String metric) {
    return parse(scrape, metric, "");
  }

  /** The buckets of the series of {@code metric} whose labels contain {@code label} (e.g. {@code pool_type="redis"}), summed. */
  static ServerHistogram parse(String scrape, String metric, String label) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    String prefix = metric + "_bucket{";
    for (String line : scrape.split("\n")) {
      if (!line.startsWith(prefix) || !line.contains(label)) {
        continue;
      }
      int le = line.indexOf("le=\"");
      int end = line.indexOf('"', le + 4);
      int space = line.lastIndexOf(' ');
      if (le < 0 || end < 0 || space < 0) {
        continue;
      }
      String bound = line.substring(le + 4, end);
      double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
      buckets.merge(upper, Double.parseDouble(line.substring(space + 1).trim()), Double::sum);
    }
    return new ServerHistogram(buckets);
  }

  /** This scrape minus an earlier one. */
  ServerHistogram since(ServerHistogram earlier) {
    TreeMap<Double, Double> delta = new TreeMap<>();
    for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
      delta.put(e.getKey(), e.getValue() - earlier.cumulative.getOrDefault(e.getKey(), 0.0));
    }
    return new ServerHistogram(delta);
  }

  double count() {
    return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
  }

  /** The q-quantile in milliseconds (NaN when empty), interpolated linearly inside its bucket. */
  double quantileMs(double q) {
    double total = count();
    if (total <= 0) {
      return Double.NaN;
    }
    double target = q * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
      if (e.getValue() >= target) {
        if (Double.isInfinite(e.getKey())) {
          return lowerBound * 1000;
        }
        double inBucket = e.getValue() - lowerCount;
        double fraction = inBucket <= 0 ? 1 : (target - lowerCount) / inBucket;
        return (lowerBound + fraction * (e.getKey() - lowerBound)) * 1000;
      }
      lowerBound = e.getKey();
      lowerCount = e.getValue();
    }
    return lowerBound * 1000;
  }

  String summary() {
    return String.format(Locale.ROOT, "p50 %.1f / p99 %.1f ms over %.0f", quantileMs(0.5), quantileMs(0.99), count());
  }
}
