package io.olympus.platform;

import io.olympus.common.http.ServiceHttpVerticle;
import io.olympus.common.service.ServiceContext;
import io.olympus.common.testing.OperationalEndpointsContract;
import io.vertx.core.Vertx;
import java.util.function.Function;

class PlatformOperationalEndpointsTest extends OperationalEndpointsContract {

  @Override
  protected Function<ServiceContext, ServiceHttpVerticle> verticle(Vertx vertx) {
    PlatformService service = new PlatformService();
    return context -> service.httpVerticle(context, 0, service.components(vertx, context));
  }

  @Override
  protected String contractTitle() {
    return "Olympus Platform API";
  }
}
