package io.olympus.commerce.shipping.model;

import io.olympus.commerce.support.PostalAddress;
import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;

/** A validated shipping question: a destination, a currency, the goods' weight and value. */
public record ShippingQuoteRequest(PostalAddress address, String currency, long weightGrams, long goodsAmount) {

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static ShippingQuoteRequest fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    PostalAddress address = PostalAddress.read(in, "address", true);
    String currency = in.requiredCurrency("currency");
    Long weight = in.optionalLong("weight_grams", 0, 1_000_000_000L);
    Long goods = in.optionalLong("goods_amount", 0, 1_000_000_000_000_000L);
    in.validate();
    return new ShippingQuoteRequest(address, currency, weight == null ? 0 : weight, goods == null ? 0 : goods);
  }
}
