package io.olympus.platform.tenant;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.regex.Pattern;

/** A validated request to create a tenant. */
public record NewTenant(String slug, String name, String plan, String billingEmail) {

  static final Pattern SLUG = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$");
  static final Set<String> RESERVED_SLUGS = Set.of("admin", "api", "www", "system", "olympus", "root", "support");

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static NewTenant fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    String slug = in.requiredMatching("slug", SLUG, "3 to 63 lowercase letters, digits or '-', not starting or ending with '-'");
    if (slug != null && RESERVED_SLUGS.contains(slug)) {
      in.error("slug", "is reserved");
    }
    String name = in.requiredString("name", 1, 200);
    String plan = in.optionalString("plan", 1, 40);
    String billingEmail = in.optionalEmail("billing_email");
    in.validate();
    return new NewTenant(slug, name, plan == null ? "free" : plan, billingEmail);
  }
}
