package io.olympus.commerce.catalog.model;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.regex.Pattern;

/** A validated request to create a category under an optional parent. */
public record CategoryInput(String name, String slug, UUID parentId) {

  private static final Pattern SLUG = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$");

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static CategoryInput fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    String name = in.requiredString("name", 1, 120);
    String slug = in.requiredString("slug", 1, 80);
    if (slug != null && !SLUG.matcher(slug).matches()) {
      in.error("slug", "must be lowercase letters, digits or '-'");
    }
    UUID parentId = in.optionalUuid("parent_id");
    in.validate();
    return new CategoryInput(name, slug, parentId);
  }
}
