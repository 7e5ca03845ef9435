package io.olympus.bench;

/** Builds the i-th request of a scenario. */
@FunctionalInterface
public interface RequestFactory {

  Request next(long i);
}
