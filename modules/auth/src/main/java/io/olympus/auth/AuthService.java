package io.olympus.auth;

import io.olympus.auth.login.service.MfaGate;
import io.olympus.common.service.OlympusService;
import io.olympus.common.service.ServiceContext;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;

/**
 * The auth service: one {@link AuthComponents} per process (its composition root: hasher, keys, flows, bus addresses)
 * and its HTTP verticle, one instance per
 * event loop. Auth settings ({@code AUTH_*}, {@code SMTP_*}, {@code MAIL_FROM}) are read from the environment unless
 * given to the constructor.
 */
public final class AuthService implements OlympusService {

  public static final String NAME = "auth";

  private final JsonObject settings;
  private final MfaGate mfa;

  public AuthService() {
    this(new JsonObject(new HashMap<>(System.getenv())), MfaGate.NONE);
  }

  public AuthService(JsonObject settings, MfaGate mfa) {
    this.settings = settings;
    this.mfa = mfa;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Void> deploy(Vertx vertx, ServiceContext context) {
    int port = context.config().portOf(NAME);
    return AuthComponents.start(vertx, context, settings, mfa)
        .compose(components -> vertx.deployVerticle(() -> new AuthHttpVerticle(context, port, components),
                new DeploymentOptions().setInstances(context.config().httpInstances()))
            .recover(err -> components.close().transform(closed -> Future.failedFuture(err))))
        .mapEmpty();
  }
}
