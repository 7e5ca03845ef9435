package io.olympus.commerce;

import io.olympus.commerce.event.AuditChainer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once per process: links, every {@code intervalMillis}, the audit entries that no after-commit pass has linked (their
 * process stopped between the commit and the pass, or the pass failed), so an entry's lag is bounded by the interval.
 * One sweep at a time; the first runs at start, for what a stopped predecessor left.
 */
final class AuditChainerVerticle extends VerticleBase {

  static final long DEFAULT_INTERVAL_MILLIS = 2_000;

  private static final Logger LOG = LoggerFactory.getLogger(AuditChainerVerticle.class);

  private final AuditChainer chainer;
  private final long intervalMillis;
  private boolean sweeping;

  /** Sweeps with the process's {@code chainer}, the one its after-commit passes use. */
  AuditChainerVerticle(AuditChainer chainer, long intervalMillis) {
    this.chainer = chainer;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(1, intervalMillis, id -> sweep());
    return Future.succeededFuture();
  }

  private void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    chainer.sweep()
        .onSuccess(linked -> {
          if (linked > 0) {
            LOG.debug("linked {} audit entries left unlinked", linked);
          }
        })
        .onFailure(err -> LOG.warn("audit link sweep failed; the next one retries", err))
        .onComplete(ignored -> sweeping = false);
  }
}
