package io.olympus.common.service;

import java.util.concurrent.atomic.AtomicBoolean;

/** Process-wide accepting-traffic flag: readiness checks report DOWN once shutdown has begun. */
public final class Readiness {

  private final AtomicBoolean accepting = new AtomicBoolean(true);

  public boolean isAccepting() {
    return accepting.get();
  }

  public void stopAccepting() {
    accepting.set(false);
  }
}
