package io.olympus.auth.login.service;

import io.olympus.auth.session.service.TokenPair;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.UUID;

/**
 * Tokens of a new or refreshed session, as answered to the client; or, when the account has a second factor, only an
 * {@code mfaToken} for {@code POST /api/v1/auth/login/mfa} (then {@code pair} is null).
 */
public record LoginResult(TokenPair pair, String refreshToken, UUID userId, String mfaToken) {

  public LoginResult(TokenPair pair, String refreshToken, UUID userId) {
    this(pair, refreshToken, userId, null);
  }

  /** The answer of a correct password when a second factor is still due. */
  public static LoginResult mfaRequired(String mfaToken) {
    return new LoginResult(null, null, null, mfaToken);
  }

  public JsonObject toJson(Clock clock) {
    if (mfaToken != null) {
      return new JsonObject().put("mfa_required", true).put("mfa_token", mfaToken);
    }
    long expiresIn = Math.max(0, pair.accessTokenExpiresAt().getEpochSecond() - clock.instant().getEpochSecond());
    return new JsonObject()
        .put("access_token", pair.accessToken())
        .put("token_type", "Bearer")
        .put("expires_in", expiresIn)
        .put("refresh_token", refreshToken)
        .put("session_id", pair.sessionId().toString());
  }
}
