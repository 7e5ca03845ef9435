package io.olympus.commerce.shipping.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** A validated shipping zone: a name and 1..300 areas ({@code DE}, {@code US-CA}). */
public record ShippingZoneInput(String name, List<String> areas) {

  private static final Pattern AREA = Pattern.compile("^([A-Z]{2})(-[A-Z0-9]{1,10})?$");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static ShippingZoneInput fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    String name = in.requiredString("name", 1, 120);
    List<String> raw = in.strings("areas", 300, 13);
    List<String> areas = new ArrayList<>();
    if (raw == null) {
      in.error("areas", "is required");
    } else if (raw.isEmpty()) {
      in.error("areas", "must hold 1 to 300 items");
    } else {
      for (int i = 0; i < raw.size(); i++) {
        String area = raw.get(i).toUpperCase(Locale.ROOT);
        var m = AREA.matcher(area);
        if (!m.matches() || !COUNTRIES.contains(m.group(1))) {
          in.error("areas[" + i + "]", "must be a country code (DE) or a country and region (US-CA)");
        } else {
          areas.add(area);
        }
      }
    }
    in.validate();
    return new ShippingZoneInput(name, List.copyOf(areas));
  }
}
