package io.olympus.platform.flag;

import io.olympus.common.flag.FlagAddresses;
import io.olympus.common.flag.FlagEvaluation;
import io.olympus.common.flag.Flags;
import io.olympus.common.flag.FlagsBusAdapter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.LinkedHashMap;
import java.util.Map;

/** Serves {@link FlagAddresses#EVALUATE}, the bulk evaluation other services use: the platform's side of {@link Flags}. */
public final class FlagBusVerticle extends VerticleBase implements Flags {

  /** The address (kept here for the platform's own callers). */
  public static final String EVALUATE = FlagAddresses.EVALUATE;

  private final FlagService flags;

  public FlagBusVerticle(FlagService flags) {
    this.flags = flags;
  }

  @Override
  public Future<?> start() {
    return FlagsBusAdapter.register(vertx, this).completion();
  }

  @Override
  public Future<Map<String, FlagEvaluation>> evaluate(Evaluate request) {
    return flags.evaluateAll(request.tenantId(), request.userId(), request.roles(), request.locationId())
        .map(evaluations -> {
          Map<String, FlagEvaluation> result = new LinkedHashMap<>();
          evaluations.forEach((key, e) -> result.put(key, new FlagEvaluation(e.enabled(), e.variant(), e.reason())));
          return result;
        });
  }
}
