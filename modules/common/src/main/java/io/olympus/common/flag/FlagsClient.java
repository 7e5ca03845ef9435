package io.olympus.common.flag;

import io.olympus.common.bus.BusClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** The consumers' side of {@link Flags} (through {@link BusClient}: deadline and circuit breaker). */
public final class FlagsClient implements Flags {

  private final BusClient bus;

  public FlagsClient(BusClient bus) {
    this.bus = bus;
  }

  @Override
  public Future<Map<String, FlagEvaluation>> evaluate(Evaluate request) {
    return bus.request(FlagAddresses.EVALUATE, request.toJson()).map(reply -> {
      Map<String, FlagEvaluation> flags = new LinkedHashMap<>();
      JsonObject json = reply.getJsonObject("flags", new JsonObject());
      json.fieldNames().forEach(key -> flags.put(key, FlagEvaluation.fromJson(json.getJsonObject(key))));
      return flags;
    });
  }
}
