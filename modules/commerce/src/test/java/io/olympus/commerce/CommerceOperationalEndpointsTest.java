package io.olympus.commerce;

import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.testing.OperationalEndpointsContract;
import io.vertx.core.Vertx;
import java.util.function.Function;

class CommerceOperationalEndpointsTest extends OperationalEndpointsContract {

  @Override
  protected Function<ServiceContext, ServiceHttpVerticle> verticle(Vertx vertx) {
    return context -> new CommerceHttpVerticle(context, 0, CommerceComponents.create(vertx, context, CommerceConfig.DEFAULTS));
  }

  @Override
  protected String contractTitle() {
    return "Olympus Commerce API";
  }
}
