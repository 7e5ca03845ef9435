package io.olympus.commerce.support;

/** Optimistic-concurrency versions shared by every slice. */
public final class Versions {

  /**
   * The version of a conditional write that matches whatever version is stored ({@code If-Match: *}): the write
   * happens unless the resource is missing (404).
   */
  public static final int ANY_VERSION = 0;

  private Versions() {}
}
