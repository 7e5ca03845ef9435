package io.olympus.auth.session.service;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** An access token and the refresh token that renews it, for one session. */
public record TokenPair(
    String accessToken,
    Instant accessTokenExpiresAt,
    String refreshToken,
    Instant refreshTokenExpiresAt,
    UUID sessionId) {

  JsonObject toJson() {
    return new JsonObject()
        .put("access_token", accessToken)
        .put("access_token_expires_at", accessTokenExpiresAt.getEpochSecond())
        .put("refresh_token", refreshToken)
        .put("refresh_token_expires_at", refreshTokenExpiresAt.getEpochSecond())
        .put("session_id", sessionId.toString());
  }

  static TokenPair fromJson(JsonObject json) {
    return new TokenPair(
        json.getString("access_token"),
        Instant.ofEpochSecond(json.getLong("access_token_expires_at")),
        json.getString("refresh_token"),
        Instant.ofEpochSecond(json.getLong("refresh_token_expires_at")),
        UUID.fromString(json.getString("session_id")));
  }

  @Override
  public String toString() {
    return "TokenPair[sessionId=" + sessionId + ", accessTokenExpiresAt=" + accessTokenExpiresAt
        + ", refreshTokenExpiresAt=" + refreshTokenExpiresAt + "]";
  }
}
