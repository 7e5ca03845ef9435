package io.olympus.commerce.shipping.model;

import io.olympus.commerce.support.PostalAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** A shipping zone: areas ({@code DE}: a whole country; {@code US-CA}: one region of it) and its methods. */
public record ShippingZone(UUID id, String name, List<String> areas, List<ShippingMethod> methods) {

  public ShippingZone {
    areas = List.copyOf(areas);
    methods = List.copyOf(methods);
  }

  /** Whether the address lies in one of the zone's areas. */
  public boolean covers(PostalAddress address) {
    if (address == null) {
      return false;
    }
    return areas.contains(address.country())
        || (address.region() != null && areas.contains(address.country() + "-" + address.region()));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("areas", new JsonArray(areas))
        .put("methods", new JsonArray(methods.stream().map(ShippingMethod::toJson).toList()));
  }
}
