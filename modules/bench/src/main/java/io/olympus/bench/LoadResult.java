package io.olympus.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Outcome of one scenario: target and achieved rate, latency percentiles (ms) and errors.
 * {@code targetRate} is NaN for a closed loop; {@code concurrency} is 0 for an open model.
 */
public record LoadResult(String scenario, String model, double targetRate, int concurrency, double achievedRate,
    long requests, long ok, long errors, double p50, double p90, double p99, double max,
    Map<Integer, Long> statuses, String note, String distribution, long[] slowestPerSecondNs) {

  /**
   * A finished run. {@code slowestPerSecondNs}: an open run's slowest answer per second of intended send time (null
   * for closed loops); {@code distribution} is the histogram's percentile table in ms (HdrHistogram's format).
   */
  public static LoadResult of(String scenario, String model, double targetRate, int concurrency, double seconds,
      Histogram histogram, long ok, long errors, Map<Integer, Long> statuses, String note, long[] slowestPerSecondNs) {
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    if (histogram.getTotalCount() > 0) {
      histogram.outputPercentileDistribution(new PrintStream(table, true, StandardCharsets.UTF_8), 5, 1_000_000.0);
    }
    return new LoadResult(scenario, model, targetRate, concurrency, seconds > 0 ? ok / seconds : 0,
        ok + errors, ok, errors,
        ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(90)),
        ms(histogram.getValueAtPercentile(99)), ms(histogram.getMaxValue()),
        new TreeMap<>(statuses), note, table.toString(StandardCharsets.UTF_8), slowestPerSecondNs);
  }

  public static LoadResult notAvailable(String scenario, String model, double targetRate, int concurrency, String why) {
    return new LoadResult(scenario, model, targetRate, concurrency, Double.NaN, 0, 0, 0,
        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of(), "not available: " + why, "", null);
  }

  public boolean available() {
    return !Double.isNaN(achievedRate);
  }

  public double errorPercent() {
    return requests == 0 ? 0 : 100.0 * errors / requests;
  }

  public LoadResult withNote(String extra) {
    String joined = note == null || note.isEmpty() ? extra : note + "; " + extra;
    return new LoadResult(scenario, model, targetRate, concurrency, achievedRate, requests, ok, errors,
        p50, p90, p99, max, statuses, joined, distribution, slowestPerSecondNs);
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
