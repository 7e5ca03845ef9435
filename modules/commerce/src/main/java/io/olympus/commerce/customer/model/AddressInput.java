package io.olympus.commerce.customer.model;

import io.olympus.commerce.support.PostalAddress;
import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;

/** A validated address-book entry: the address and whether it becomes the default for shipping and/or billing. */
public record AddressInput(PostalAddress address, boolean defaultShipping, boolean defaultBilling) {

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static AddressInput fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    AddressInput input = read(in);
    in.validate();
    return input;
  }

  static AddressInput read(JsonInput in) {
    PostalAddress address = PostalAddress.read(in);
    Boolean shipping = flag(in, "default_shipping");
    Boolean billing = flag(in, "default_billing");
    return address == null ? null : new AddressInput(address, Boolean.TRUE.equals(shipping), Boolean.TRUE.equals(billing));
  }

  private static Boolean flag(JsonInput in, String field) {
    return in.optionalBoolean(field);
  }
}
