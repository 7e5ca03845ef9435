package io.olympus.platform.flag;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A tenant's feature flag and its evaluation rule. Rollout and variant choice use a stable hash of
 * flag key and user id (SHA-256, first 8 bytes, modulo 10,000 buckets), so a user keeps the same
 * answer across requests, processes and languages.
 */
public record FeatureFlag(
    String key,
    String description,
    boolean enabled,
    int rolloutBasisPoints,
    List<Variant> variants,
    List<String> targetRoles,
    List<UUID> targetLocations,
    int version) {

  /** A weighted A/B variant. */
  public record Variant(String key, int weight) {}

  /** The result of evaluating one flag for one user. */
  public record Evaluation(boolean enabled, String variant, String reason) {

    public JsonObject toJson() {
      return new JsonObject().put("enabled", enabled).put("variant", variant).put("reason", reason);
    }
  }

  static final Function<Row, FeatureFlag> MAPPER = row -> {
    List<Variant> variants = new ArrayList<>();
    JsonArray raw = (JsonArray) row.getValue("variants");
    for (int i = 0; raw != null && i < raw.size(); i++) {
      JsonObject v = raw.getJsonObject(i);
      variants.add(new Variant(v.getString("key"), v.getInteger("weight")));
    }
    BigDecimal percent = row.getBigDecimal("rollout_percent");
    return new FeatureFlag(
        row.getString("key"),
        row.getString("description"),
        row.getBoolean("enabled"),
        percent.movePointRight(2).intValueExact(),
        List.copyOf(variants),
        Arrays.asList(row.getArrayOfStrings("target_roles")),
        Arrays.asList(row.getArrayOfUUIDs("target_locations")),
        row.getInteger("version"));
  };

  /** Evaluates for a user with the given role keys at an optional location. */
  public Evaluation evaluate(UUID userId, List<String> roles, UUID locationId) {
    if (!enabled) {
      return new Evaluation(false, null, "disabled");
    }
    if (!targetRoles.isEmpty() && roles.stream().noneMatch(targetRoles::contains)) {
      return new Evaluation(false, null, "role not targeted");
    }
    if (!targetLocations.isEmpty() && (locationId == null || !targetLocations.contains(locationId))) {
      return new Evaluation(false, null, "location not targeted");
    }
    if (bucket(key + ":rollout:" + userId) >= rolloutBasisPoints) {
      return new Evaluation(false, null, "outside rollout");
    }
    return new Evaluation(true, pickVariant(userId), "rollout");
  }

  private String pickVariant(UUID userId) {
    int total = variants.stream().mapToInt(Variant::weight).sum();
    if (total <= 0) {
      return null;
    }
    long point = bucket(key + ":variant:" + userId) * (long) total / 10_000;
    long cumulative = 0;
    for (Variant variant : variants) {
      cumulative += variant.weight();
      if (point < cumulative) {
        return variant.key();
      }
    }
    return variants.get(variants.size() - 1).key();
  }

  /** A stable bucket in [0, 10000). */
  static int bucket(String input) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = value << 8 | (digest[i] & 0xFF);
      }
      return (int) Long.remainderUnsigned(value, 10_000);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  public JsonObject toJson() {
    JsonArray variantJson = new JsonArray();
    variants.forEach(v -> variantJson.add(new JsonObject().put("key", v.key()).put("weight", v.weight())));
    JsonArray locations = new JsonArray();
    targetLocations.forEach(l -> locations.add(l.toString()));
    return new JsonObject()
        .put("key", key)
        .put("description", description)
        .put("enabled", enabled)
        .put("rollout_percent", BigDecimal.valueOf(rolloutBasisPoints, 2).stripTrailingZeros())
        .put("variants", variantJson)
        .put("target_roles", new JsonArray(targetRoles))
        .put("target_locations", locations)
        .put("version", version);
  }
}
