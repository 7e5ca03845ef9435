package io.olympus.commerce.http;

/**
 * The HTTP operations of one commerce slice. Each slice has one routes class; {@code CommerceHttpVerticle} builds
 * them once per instance and calls {@link #bind} with the instance's binder, so adding a slice is a routes class,
 * its OpenAPI file and one line of wiring.
 */
@FunctionalInterface
public interface CommerceRoutes {

  /** Binds a handler to every operation of the slice's OpenAPI file, e.g. {@code binder.read("getOrder", ...)}. */
  void bind(RouteBinder binder);
}
