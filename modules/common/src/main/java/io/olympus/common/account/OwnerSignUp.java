package io.olympus.common.account;

import io.olympus.common.json.JsonInput;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The auth service's part of a tenant sign-up: the new tenant's owner, created verified and signed in at once. Used by
 * the platform. Implemented by the auth service (served by {@link OwnerSignUpBusAdapter}), by {@link OwnerSignUpClient}
 * for the platform, and by the shared fake in common's test-jar.
 *
 * <p>Wire format of {@link AuthAddresses#REGISTER_OWNER}: request {@code {tenant_id, user_id?, email, password,
 * display_name, request_id?}} ({@link NewOwner}); reply the login token response {@code {access_token, token_type,
 * expires_in, refresh_token, session_id, user_id}} ({@link SignedIn}). Fails 400 naming the field ({@code tenant_id}
 * not a UUID, {@code email} malformed, {@code password} too weak, {@code display_name} not 1 to 100 characters), 409
 * when the email is taken. Slower than a lookup (a password hash): the client waits {@link #TIMEOUT_MS}.
 */
public interface OwnerSignUp {

  /** Deadline of a registration (a password hash and a write, queued behind other hashes). */
  long TIMEOUT_MS = 10_000;

  /** Creates and signs in the owner; ValidationException naming the field, ConflictException for a taken email. */
  Future<SignedIn> registerOwner(NewOwner owner);

  /** The request: the owner's user id is chosen by the platform (it has assigned it the owner role already). */
  record NewOwner(UUID tenantId, UUID userId, String email, String password, String displayName, String requestId) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("tenant_id", tenantId.toString())
          .put("user_id", userId == null ? null : userId.toString())
          .put("email", email)
          .put("password", password)
          .put("display_name", displayName)
          .put("request_id", requestId);
    }

    /** Decodes a request (the email's policy is the service's); ValidationException naming every bad field. */
    public static NewOwner fromJson(JsonObject json) {
      JsonInput in = new JsonInput(json);
      UUID tenantId = in.optionalUuid("tenant_id");
      if (tenantId == null && !in.has("tenant_id")) {
        in.error("tenant_id", "must be a UUID");
      }
      UUID userId = in.optionalUuid("user_id");
      String name = json.getValue("display_name") instanceof String text ? text : null;
      if (name == null || name.isBlank() || name.length() > 100) {
        in.error("display_name", "must be 1 to 100 characters");
      }
      in.validate();
      return new NewOwner(tenantId, userId, json.getValue("email") instanceof String e ? e : null,
          json.getValue("password") instanceof String p ? p : null, name.strip(), json.getString("request_id"));
    }
  }

  /** The owner's first sign-in. */
  record SignedIn(String accessToken, String tokenType, long expiresIn, String refreshToken, String sessionId,
                  UUID userId) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("access_token", accessToken)
          .put("token_type", tokenType)
          .put("expires_in", expiresIn)
          .put("refresh_token", refreshToken)
          .put("session_id", sessionId)
          .put("user_id", userId.toString());
    }

    public static SignedIn fromJson(JsonObject json) {
      return new SignedIn(json.getString("access_token"), json.getString("token_type"), json.getLong("expires_in", 0L),
          json.getString("refresh_token"), json.getString("session_id"), UUID.fromString(json.getString("user_id")));
    }
  }
}
