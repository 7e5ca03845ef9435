package io.olympus.commerce.archfixture.http;

import io.olympus.commerce.archfixture.repository.FixtureRepository;
import io.olympus.commerce.archfixture.service.FixtureService;

/** Deliberately breaks the layering (a route using a repository), for {@code ArchitectureRulesSelfTest} only. */
public final class FixtureRoutes {
  public Object handle(FixtureService service, FixtureRepository repository) {
    return repository.findAll(null) + service.toString();
  }
}
