package io.olympus.commerce.order.model;

import io.olympus.common.json.JsonInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A requested line: a variant and a quantity, nothing else (prices are the server's). {@code field} is where it came
 * from in the request ({@code lines[2]}), for errors about it.
 */
public record LineRequest(UUID variantId, int quantity, String field) {

  public static final int MAX_QUANTITY = 100_000;
  public static final int MAX_LINES = 250;

  /**
   * Reads {@code lines} (1..250 objects of {@code variant_id}, {@code quantity} 1..100,000); a price sent along is
   * ignored. Lines of the same variant are summed (the first one's field names them).
   */
  public static List<LineRequest> read(JsonInput in, String field, boolean required) {
    List<JsonInput> items = in.objects(field, required ? 1 : 0, MAX_LINES);
    if (items == null) {
      if (required && !in.has(field)) {
        return List.of();
      }
      return null;
    }
    if (!required && items.isEmpty()) {
      in.error(field, "must hold 1 to " + MAX_LINES + " items");
    }
    List<LineRequest> lines = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonInput item = items.get(i);
      UUID variantId = item.requiredUuid("variant_id");
      Integer quantity = item.requiredInt("quantity", 1, MAX_QUANTITY);
      if (variantId != null && quantity != null) {
        lines.add(new LineRequest(variantId, quantity, field + "[" + i + "]"));
      }
    }
    return summed(lines);
  }

  /** Lines of the same variant summed, in order of first appearance. */
  public static List<LineRequest> summed(List<LineRequest> lines) {
    Map<UUID, LineRequest> byVariant = new LinkedHashMap<>();
    for (LineRequest line : lines) {
      byVariant.merge(line.variantId(), line,
          (a, b) -> new LineRequest(a.variantId(), Math.addExact(a.quantity(), b.quantity()), a.field()));
    }
    return List.copyOf(byVariant.values());
  }
}
