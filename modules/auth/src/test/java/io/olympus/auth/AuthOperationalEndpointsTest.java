package io.olympus.auth;

import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.testing.OperationalEndpointsContract;
import io.vertx.core.Vertx;
import java.util.function.Function;

class AuthOperationalEndpointsTest extends OperationalEndpointsContract {

  @Override
  protected Function<ServiceContext, ServiceHttpVerticle> verticle(Vertx vertx) {
    return context -> new AuthHttpVerticle(context, 0);
  }

  @Override
  protected String contractTitle() {
    return "Olympus Auth API";
  }
}
