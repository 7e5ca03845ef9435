package io.olympus.platform.flag;

import io.olympus.common.json.JsonInput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** A validated create-or-replace request for a feature flag. */
public record FlagInput(String key, String description, boolean enabled, BigDecimal rolloutPercent,
                        JsonArray variants, List<String> targetRoles, List<UUID> targetLocations) {

  static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_.-]{0,99}$");

  /** Parses and validates; throws ValidationException naming every bad field. */
  public static FlagInput fromJson(JsonObject json) {
    JsonInput in = new JsonInput(json);
    String key = in.requiredMatching("key", KEY, "a lowercase key of up to 100 letters, digits, '_', '.' or '-'");
    String description = in.optionalString("description", 0, 500);
    Object enabledRaw = json.getValue("enabled");
    if (enabledRaw != null && !(enabledRaw instanceof Boolean)) {
      in.error("enabled", "must be true or false");
    }
    BigDecimal rollout = BigDecimal.valueOf(100);
    Object rolloutRaw = json.getValue("rollout_percent");
    if (rolloutRaw != null) {
      if (rolloutRaw instanceof Number n) {
        rollout = new BigDecimal(n.toString());
        if (rollout.signum() < 0 || rollout.compareTo(BigDecimal.valueOf(100)) > 0 || rollout.scale() > 2) {
          in.error("rollout_percent", "must be a number from 0 to 100 with at most 2 decimals");
        }
      } else {
        in.error("rollout_percent", "must be a number from 0 to 100");
      }
    }
    JsonArray variants = new JsonArray();
    Object variantsRaw = json.getValue("variants");
    if (variantsRaw instanceof JsonArray array) {
      HashSet<String> seen = new HashSet<>();
      for (int i = 0; i < array.size(); i++) {
        Object item = array.getValue(i);
        if (item instanceof JsonObject v && v.getValue("key") instanceof String vk && KEY.matcher(vk).matches()
            && v.getValue("weight") instanceof Integer w && w >= 0 && w <= 10_000 && seen.add(vk)) {
          variants.add(new JsonObject().put("key", vk).put("weight", w));
        } else {
          in.error("variants[" + i + "]", "must be {key, weight} with a unique key and a weight from 0 to 10000");
        }
      }
    } else if (variantsRaw != null) {
      in.error("variants", "must be an array");
    }
    List<String> roles = new ArrayList<>();
    Object rolesRaw = json.getValue("target_roles");
    if (rolesRaw instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.getValue(i) instanceof String r && r.matches("^[a-z][a-z0-9_-]{1,62}$")) {
          roles.add(r);
        } else {
          in.error("target_roles[" + i + "]", "must be a role key");
        }
      }
    } else if (rolesRaw != null) {
      in.error("target_roles", "must be an array of role keys");
    }
    List<UUID> locations = new ArrayList<>();
    Object locationsRaw = json.getValue("target_locations");
    if (locationsRaw instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        try {
          locations.add(UUID.fromString(String.valueOf(array.getValue(i))));
        } catch (IllegalArgumentException e) {
          in.error("target_locations[" + i + "]", "must be a location id");
        }
      }
    } else if (locationsRaw != null) {
      in.error("target_locations", "must be an array of location ids");
    }
    in.validate();
    return new FlagInput(key, description, Boolean.TRUE.equals(enabledRaw), rollout, variants, List.copyOf(roles),
        List.copyOf(locations));
  }
}
