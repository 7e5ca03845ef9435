package io.olympus.auth;

import io.olympus.auth.account.repository.RequestMeta;
import io.olympus.auth.account.service.EmailAddresses;
import io.olympus.auth.login.service.LoginService;
import io.olympus.auth.registration.service.RegistrationService;
import io.olympus.auth.registration.service.RegistrationService.Registration;
import io.olympus.common.bus.BusErrors;
import io.olympus.common.error.ValidationException;
import io.olympus.common.security.AuthAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Serves {@link AuthAddresses#REGISTER_OWNER}: the owner of a new tenant, verified, signed in at once. */
final class OwnerRegistration {

  private OwnerRegistration() {}

  static MessageConsumer<JsonObject> register(Vertx vertx, RegistrationService registrations, LoginService login,
      Clock clock) {
    return vertx.eventBus().consumer(AuthAddresses.REGISTER_OWNER, msg -> handle(registrations, login, clock, msg));
  }

  private static void handle(RegistrationService registrations, LoginService login, Clock clock,
      Message<JsonObject> msg) {
    Registration registration;
    UUID userId;
    try {
      registration = parse(msg.body());
      userId = msg.body().getString("user_id") == null ? null : UUID.fromString(msg.body().getString("user_id"));
    } catch (RuntimeException e) {
      BusErrors.fail(msg, e instanceof ValidationException ? e
          : new ValidationException("body", "must be {tenant_id, user_id?, email, password, display_name}"));
      return;
    }
    registrations.registerOwner(registration, userId, RequestMeta.INTERNAL)
        .compose(account -> login.startSession(account, null, "tenant sign-up", RequestMeta.INTERNAL, List.of("pwd")))
        .onSuccess(result -> msg.reply(result.toJson(clock).put("user_id", result.userId().toString())))
        .onFailure(err -> BusErrors.fail(msg, err));
  }

  private static Registration parse(JsonObject body) {
    if (body == null) {
      throw new ValidationException("body", "is required");
    }
    UUID tenantId;
    try {
      tenantId = UUID.fromString(body.getString("tenant_id"));
    } catch (RuntimeException e) {
      throw new ValidationException("tenant_id", "must be a UUID");
    }
    String email = EmailAddresses.normalize("email", body.getString("email"));
    String password = body.getString("password");
    String name = body.getString("display_name");
    if (name == null || name.isBlank() || name.length() > 100) {
      throw new ValidationException("display_name", "must be 1 to 100 characters");
    }
    return new Registration(tenantId, email, password, name.strip());
  }
}
