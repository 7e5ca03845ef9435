package io.olympus.common.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The caller a verified access token speaks for: user, tenant and session, with what the token grants
 * (roles, scopes), how the user authenticated ({@code amr}, RFC 8176) and when the token stops being valid.
 */
public record Principal(
    UUID userId,
    UUID tenantId,
    UUID sessionId,
    List<String> roles,
    List<String> scopes,
    List<String> amr,
    boolean emailVerified,
    String tokenId,
    Instant expiresAt) {

  public Principal {
    roles = List.copyOf(roles);
    scopes = List.copyOf(scopes);
    amr = List.copyOf(amr);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  /** True when the caller authenticated with an API key rather than a user's access token. */
  public boolean isApiKey() {
    return amr.contains(API_KEY_AMR);
  }

  /** The {@code amr} value of API-key principals. */
  public static final String API_KEY_AMR = "api_key";

  public io.vertx.core.json.JsonObject toJson() {
    return new io.vertx.core.json.JsonObject()
        .put("user_id", userId == null ? null : userId.toString())
        .put("tenant_id", tenantId.toString())
        .put("session_id", sessionId == null ? null : sessionId.toString())
        .put("roles", new io.vertx.core.json.JsonArray(roles))
        .put("scopes", new io.vertx.core.json.JsonArray(scopes))
        .put("amr", new io.vertx.core.json.JsonArray(amr))
        .put("email_verified", emailVerified)
        .put("token_id", tokenId)
        .put("expires_at", expiresAt == null ? null : expiresAt.toString());
  }

  public static Principal fromJson(io.vertx.core.json.JsonObject json) {
    return new Principal(
        uuid(json.getString("user_id")),
        UUID.fromString(json.getString("tenant_id")),
        uuid(json.getString("session_id")),
        strings(json.getJsonArray("roles")),
        strings(json.getJsonArray("scopes")),
        strings(json.getJsonArray("amr")),
        json.getBoolean("email_verified", false),
        json.getString("token_id"),
        json.getString("expires_at") == null ? null : Instant.parse(json.getString("expires_at")));
  }

  private static UUID uuid(String s) {
    return s == null ? null : UUID.fromString(s);
  }

  private static List<String> strings(io.vertx.core.json.JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).toList();
  }
}
