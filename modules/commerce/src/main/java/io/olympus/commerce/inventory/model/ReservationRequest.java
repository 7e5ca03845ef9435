package io.olympus.commerce.inventory.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A validated request to hold stock for {@code ttlSeconds}. Lines for the same variant and location
 * are summed, and lines are sorted by (variant, location) so concurrent reservations lock rows in one
 * order and cannot deadlock. {@code locationFields} names each location of the request by the field that first
 * names it ({@code lines[2].location_id}), for refusing a location that is not the tenant's.
 */
public record ReservationRequest(String reference, int ttlSeconds, List<ReservationLine> lines,
                                 Map<String, UUID> locationFields) {

  public static final int DEFAULT_TTL_SECONDS = 900;
  public static final int MAX_TTL_SECONDS = 86_400;
  /**
   * The time to live of a hold that lasts until it is committed or released (an order's stock: about 68 years,
   * never reached by the expiry sweeper). Not accepted from requests, which stay within {@link #MAX_TTL_SECONDS}.
   */
  public static final int UNTIL_RELEASED_SECONDS = Integer.MAX_VALUE;

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static ReservationRequest fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    String reference = in.optionalString("reference", 1, 200);
    Integer ttl = in.optionalInt("ttl_seconds", 1, MAX_TTL_SECONDS);
    List<ReservationLine> lines = new ArrayList<>();
    Map<String, UUID> locationFields = new LinkedHashMap<>();
    List<JsonInput> items = in.objects("lines", 1, 500);
    List<JsonInput> each = items == null ? List.<JsonInput>of() : items;
    for (int i = 0; i < each.size(); i++) {
      JsonInput item = each.get(i);
      UUID variantId = item.requiredUuid("variant_id");
      UUID locationId = item.requiredUuid("location_id");
      if (locationId != null && !locationFields.containsValue(locationId)) {
        locationFields.put("lines[" + i + "].location_id", locationId);
      }
      Integer quantity = item.requiredInt("quantity", 1, Adjustment.MAX_QUANTITY);
      if (variantId != null && locationId != null && quantity != null) {
        lines.add(new ReservationLine(variantId, locationId, quantity));
      }
    }
    in.validate();
    return new ReservationRequest(reference, ttl == null ? DEFAULT_TTL_SECONDS : ttl, summed(lines),
        Collections.unmodifiableMap(locationFields));
  }

  public static List<ReservationLine> summed(List<ReservationLine> lines) {
    Map<String, ReservationLine> byKey = new TreeMap<>();
    for (ReservationLine line : lines) {
      byKey.merge(line.variantId() + "/" + line.locationId(), line,
          (a, b) -> new ReservationLine(a.variantId(), a.locationId(), Math.addExact(a.quantity(), b.quantity())));
    }
    return List.copyOf(byKey.values());
  }
}
