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

  /**
   * The same run as a self-contained HTML page: the header lines, the table, and for every scenario its percentile
   * distribution and, for open runs, a bar per second of the slowest answer (stalls stand out).
   */
  static String html(String title, List<String> headerLines, List<LoadResult> results, List<String> notes) {
    StringBuilder out = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title)).append("</title>\n<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:80em}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}"
            + "td:first-child,th:first-child,td:last-child{text-align:left}pre{background:#f6f6f6;padding:.5em;"
            + "overflow:auto}svg{background:#fafafa;border:1px solid #ddd}</style></head><body>\n<h1>")
        .append(esc(title)).append("</h1>\n");
    for (String line : headerLines) {
      out.append("<p>").append(esc(line)).append("</p>\n");
    }
    out.append("<table><tr><th>scenario</th><th>model</th><th>target /s</th><th>achieved ok/s</th><th>p50 ms</th>"
        + "<th>p90 ms</th><th>p99 ms</th><th>max ms</th><th>errors %</th><th>notes</th></tr>\n");
    for (LoadResult r : results) {
      String model = r.model().equals("closed") ? "closed, " + r.concurrency() + " conc." : r.model();
      out.append("<tr><td>").append(esc(r.scenario())).append("</td><td>").append(esc(model)).append("</td><td>")
          .append(rate(r.targetRate())).append("</td>");
      if (r.available()) {
        out.append(String.format(Locale.ROOT, "<td>%.1f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td>"
            + "<td>%.2f</td>", r.achievedRate(), r.p50(), r.p90(), r.p99(), r.max(), r.errorPercent()));
      } else {
        out.append("<td>—</td><td>—</td><td>—</td><td>—</td><td>—</td><td>—</td>");
      }
      out.append("<td>").append(esc(r.available() ? notes(r) : r.note())).append("</td></tr>\n");
    }
    out.append("</table>\n<ul>\n");
    for (String note : notes) {
      out.append("<li>").append(esc(note)).append("</li>\n");
    }
    out.append("</ul>\n");
    for (LoadResult r : results) {
      if (!r.available()) {
        continue;
      }
      out.append("<details><summary>").append(esc(r.scenario())).append(" (").append(esc(r.model()))
          .append(")</summary>\n");
      if (r.slowestPerSecondNs() != null) {
        out.append(timeline(r.slowestPerSecondNs()));
      }
      out.append("<pre>").append(esc(r.distribution())).append("</pre></details>\n");
    }
    return out.append("</body></html>\n").toString();
  }

  /** One bar per second: the slowest answer of the requests due in that second (ms, log scale). */
  private static String timeline(long[] slowestNs) {
    int width = 8;
    int height = 120;
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<p>slowest answer per second of intended send time (ms, log scale; 1, 10, 100, 1000 ms lines)</p>"
            + "<svg width=\"%d\" height=\"%d\" role=\"img\">", slowestNs.length * width + 2, height));
    for (double ms : new double[] {1, 10, 100, 1000}) {
      int y = height - (int) Math.round(scale(ms) * height);
      svg.append(String.format(Locale.ROOT, "<line x1=\"0\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>",
          slowestNs.length * width + 2, y, y));
    }
    for (int i = 0; i < slowestNs.length; i++) {
      double ms = slowestNs[i] / 1e6;
      int h = (int) Math.round(scale(ms) * height);
      svg.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>second %d: %.1f ms</title></rect>",
          1 + i * width, height - h, width - 1, h, ms > 10 ? "#c44" : "#48a", i, ms));
    }
    return svg.append("</svg>\n").toString();
  }

  /** 0.1 ms → 0, 10 s → 1, logarithmic. */
  private static double scale(double ms) {
    return Math.max(0, Math.min(1, (Math.log10(Math.max(ms, 0.1)) + 1) / 5));
  }

  private static String esc(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
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
