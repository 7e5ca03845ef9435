package io.olympus.common.flag;

import io.olympus.common.bus.BusEndpoints;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Serves {@link FlagAddresses#EVALUATE} from a {@link Flags} (wire format: {@link Flags}). */
public final class FlagsBusAdapter {

  private FlagsBusAdapter() {}

  /** Registers the consumer; unregister the returned handle to stop. */
  public static BusEndpoints.Registration register(Vertx vertx, Flags flags) {
    return BusEndpoints.on(vertx)
        .serve(FlagAddresses.EVALUATE, body -> flags.evaluate(Flags.Evaluate.fromJson(body)).map(evaluations -> {
          JsonObject json = new JsonObject();
          evaluations.forEach((key, evaluation) -> json.put(key, evaluation.toJson()));
          return new JsonObject().put("flags", json);
        }))
        .registration();
  }
}
