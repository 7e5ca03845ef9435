package io.olympus.auth.login.service;

import io.olympus.auth.session.service.TokenPair;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.UUID;

/** Tokens of a new or refreshed session, as answered to the client. */
public record LoginResult(TokenPair pair, String refreshToken, UUID userId) {

  public JsonObject toJson(Clock clock) {
    long expiresIn = Math.max(0, pair.accessTokenExpiresAt().getEpochSecond() - clock.instant().getEpochSecond());
    return new JsonObject()
        .put("access_token", pair.accessToken())
        .put("token_type", "Bearer")
        .put("expires_in", expiresIn)
        .put("refresh_token", refreshToken)
        .put("session_id", pair.sessionId().toString());
  }
}
