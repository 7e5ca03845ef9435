package io.olympus.auth.archfixture;

/** Stand-in for a class of another domain module, for {@code ArchitectureRulesSelfTest} only. */
public final class FixtureAccount {
  public static String name() {
    return "fixture";
  }
}
