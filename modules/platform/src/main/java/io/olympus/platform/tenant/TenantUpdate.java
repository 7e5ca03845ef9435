package io.olympus.platform.tenant;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;

/** A validated partial update of a tenant; null fields stay as they are. {@code version} is the one read. */
public record TenantUpdate(String name, String plan, String billingEmail, JsonObject billingAddress, String taxId,
                           Integer version) {

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static TenantUpdate fromJson(JsonObject json, Integer ifMatchVersion) {
    JsonInput in = new JsonInput(json);
    String name = in.optionalString("name", 1, 200);
    String plan = in.optionalString("plan", 1, 40);
    String billingEmail = in.optionalEmail("billing_email");
    Object address = json.getValue("billing_address");
    if (address != null && !(address instanceof JsonObject)) {
      in.error("billing_address", "must be an object");
    }
    String taxId = in.optionalString("tax_id", 1, 64);
    if (json.containsKey("card_number") || json.containsKey("card")) {
      in.error("card_number", "card data is never stored; use the payment provider");
    }
    in.validate();
    return new TenantUpdate(name, plan, billingEmail, (JsonObject) address, taxId, ifMatchVersion);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (name != null) {
      json.put("name", name);
    }
    if (plan != null) {
      json.put("plan", plan);
    }
    if (billingEmail != null) {
      json.put("billing_email", billingEmail);
    }
    if (billingAddress != null) {
      json.put("billing_address", billingAddress);
    }
    if (taxId != null) {
      json.put("tax_id", taxId);
    }
    return json;
  }
}
