package io.olympus.commerce.archfixture.service;

import io.olympus.auth.archfixture.FixtureAccount;
import io.olympus.commerce.archfixture.http.FixtureRoutes;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import java.sql.Connection;
import java.util.Map;
import java.util.WeakHashMap;

/** Breaks every other house rule once, for {@code ArchitectureRulesSelfTest} only. */
public final class FixtureService {

  static int calls;

  private static final Map<Vertx, FixtureService> INSTANCES = new WeakHashMap<>();

  public Object run(SqlConnection connection, Connection jdbc) throws InterruptedException {
    Thread.sleep(1);
    INSTANCES.clear();
    calls++;
    return connection.preparedQuery("SELECT 1") + FixtureAccount.name() + FixtureRoutes.class + jdbc;
  }
}
