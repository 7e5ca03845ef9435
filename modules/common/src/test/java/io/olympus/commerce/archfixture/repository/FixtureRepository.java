package io.olympus.commerce.archfixture.repository;

import io.olympus.commerce.archfixture.http.FixtureRoutes;
import io.vertx.sqlclient.SqlClient;

/** Runs SQL where SQL belongs, but knows a route class, for {@code ArchitectureRulesSelfTest} only. */
public final class FixtureRepository {
  public Object findAll(SqlClient client) {
    return client.query("SELECT 1").execute();
  }

  public String routesName() {
    return FixtureRoutes.class.getName();
  }
}
