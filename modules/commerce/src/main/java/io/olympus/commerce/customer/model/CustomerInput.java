package io.olympus.commerce.customer.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A validated customer creation or change. In a change, an absent field keeps its value and {@code null} clears an
 * optional one ({@code present} says which fields the request named). {@code addresses} only at creation.
 */
public record CustomerInput(String firstName, String lastName, String email, List<String> emails, List<String> phones,
                            String customerGroup, Boolean taxExempt, String notes, Boolean marketingConsent,
                            UUID userId, List<AddressInput> addresses, List<String> present) {

  private static final List<String> FIELDS = List.of("first_name", "last_name", "email", "emails", "phones",
      "customer_group", "tax_exempt", "notes", "marketing_consent", "user_id");

  /** Parses a creation; throws ValidationException naming every bad field. */
  public static CustomerInput readCreate(JsonObject json) {
    return read(json, true);
  }

  /** Parses a change (at least one field); throws ValidationException naming every bad field. */
  public static CustomerInput readUpdate(JsonObject json) {
    return read(json, false);
  }

  private static CustomerInput read(JsonObject json, boolean create) {
    JsonInput in = new JsonInput(json);
    String firstName = in.optionalString("first_name", 1, 100);
    String lastName = in.optionalString("last_name", 1, 100);
    String email = in.optionalEmail("email");
    List<String> emails = emails(in, "emails");
    List<String> phones = in.strings("phones", 10, 40);
    String group = in.optionalString("customer_group", 1, 60);
    Boolean taxExempt = in.optionalBoolean("tax_exempt");
    String notes = in.optionalString("notes", 0, 5000);
    Boolean consent = in.optionalBoolean("marketing_consent");
    UUID userId = in.optionalUuid("user_id");
    List<AddressInput> addresses = new ArrayList<>();
    if (create) {
      List<JsonInput> items = in.objects("addresses", 0, 20);
      for (JsonInput item : items == null ? List.<JsonInput>of() : items) {
        AddressInput address = AddressInput.read(item);
        if (address != null) {
          addresses.add(address);
        }
      }
      if (addresses.stream().filter(AddressInput::defaultShipping).count() > 1) {
        in.error("addresses", "may hold one default shipping address");
      }
      if (addresses.stream().filter(AddressInput::defaultBilling).count() > 1) {
        in.error("addresses", "may hold one default billing address");
      }
      if (email == null && firstName == null && lastName == null) {
        in.error("email", "is required unless a name is given");
      }
    } else if (json.containsKey("addresses")) {
      in.error("addresses", "are changed through /customers/{id}/addresses");
    }
    List<String> present = FIELDS.stream().filter(json::containsKey).toList();
    if (!create && present.isEmpty()) {
      in.error("body", "must change at least one field");
    }
    in.validate();
    return new CustomerInput(firstName, lastName, email, emails == null ? List.of() : emails,
        phones == null ? List.of() : phones, group, taxExempt, notes, consent, userId, List.copyOf(addresses), present);
  }

  private static List<String> emails(JsonInput in, String field) {
    List<String> raw = in.strings(field, 10, 254);
    if (raw == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      JsonInput one = new JsonInput(new JsonObject().put("e", raw.get(i)));
      String e = one.optionalEmail("e");
      if (e == null) {
        in.error(field + "[" + i + "]", "must be an e-mail address");
      } else {
        out.add(e);
      }
    }
    return out;
  }

  public boolean names(String field) {
    return present.contains(field);
  }
}
