package io.olympus.commerce.customer.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A customer of a tenant, optionally linked to an auth user ({@code userId}) who then reads and changes only this
 * record, its carts and its orders. {@code erased}: the personal data is gone, the orders stay.
 */
public record Customer(UUID id, UUID userId, String status, String firstName, String lastName, String email,
                       List<String> emails, List<String> phones, String customerGroup, boolean taxExempt, String notes,
                       boolean marketingConsent, Instant marketingConsentAt, int version, Instant createdAt,
                       Instant updatedAt, Instant erasedAt, List<CustomerAddress> addresses) {

  public static final String ACTIVE = "active";
  public static final String ERASED = "erased";

  public Customer {
    emails = List.copyOf(emails);
    phones = List.copyOf(phones);
    addresses = List.copyOf(addresses);
  }

  public Customer withAddresses(List<CustomerAddress> list) {
    return new Customer(id, userId, status, firstName, lastName, email, emails, phones, customerGroup, taxExempt, notes,
        marketingConsent, marketingConsentAt, version, createdAt, updatedAt, erasedAt, list);
  }

  public boolean erased() {
    return ERASED.equals(status);
  }

  public Optional<CustomerAddress> defaultShipping() {
    return addresses.stream().filter(CustomerAddress::defaultShipping).findFirst();
  }

  public Optional<CustomerAddress> defaultBilling() {
    return addresses.stream().filter(CustomerAddress::defaultBilling).findFirst();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("user_id", userId == null ? null : userId.toString())
        .put("status", status)
        .put("first_name", firstName)
        .put("last_name", lastName)
        .put("email", email)
        .put("emails", new JsonArray(emails))
        .put("phones", new JsonArray(phones))
        .put("customer_group", customerGroup)
        .put("tax_exempt", taxExempt)
        .put("notes", notes)
        .put("marketing_consent", marketingConsent)
        .put("marketing_consent_at", marketingConsentAt == null ? null : marketingConsentAt.toString())
        .put("addresses", new JsonArray(addresses.stream().map(CustomerAddress::toJson).toList()))
        .put("version", version)
        .put("created_at", createdAt.toString())
        .put("updated_at", updatedAt.toString())
        .put("erased_at", erasedAt == null ? null : erasedAt.toString());
  }

  /** What events say of a customer: no names, e-mail addresses or phone numbers (events leave the service). */
  public JsonObject eventPayload() {
    return new JsonObject()
        .put("id", id.toString())
        .put("user_id", userId == null ? null : userId.toString())
        .put("status", status)
        .put("customer_group", customerGroup)
        .put("tax_exempt", taxExempt)
        .put("marketing_consent", marketingConsent)
        .put("version", version);
  }
}
