package io.olympus.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Seeds the catalog and users straight into the real tables as the database owner (set-based
 * {@code generate_series} inserts; the owner is a superuser, so row-level security does not apply).
 * Ids are {@code md5('bench-product-' || n)::uuid}, so the load generator and pgbench compute them
 * without a lookup.
 */
public final class Seeder {

  static final String INSERT_TENANT = "INSERT INTO tenants (id, slug, name, plan) VALUES ($1, $2, 'Bench', 'enterprise') "
      + "ON CONFLICT DO NOTHING";

  static final String INSERT_PRODUCTS = "INSERT INTO products "
      + "(tenant_id, id, status, title, description, tags, skus, min_price, currency) "
      + "SELECT $1, md5('bench-product-' || n)::uuid, 'active', "
      + "(ARRAY['Widget','Gadget','Sprocket','Gizmo','Lamp','Chair','Kettle','Jacket'])[1 + n % 8] || ' ' || "
      + "(ARRAY['red','blue','green','black','steel','oak'])[1 + n % 6] || ' ' || n, "
      + "'Bench product number ' || n || ', a sturdy everyday item', ARRAY['bench', 'tag' || (n % 50)], "
      + "'SKU-' || n || '-A SKU-' || n || '-B', 1000 + n % 9000, 'EUR' "
      + "FROM generate_series($2::int, $3::int) n";

  static final String INSERT_VARIANTS = "INSERT INTO product_variants "
      + "(tenant_id, id, product_id, sku, options, weight_grams, price_amount, currency, position) "
      + "SELECT $1, md5('bench-variant-' || n || '-' || v)::uuid, md5('bench-product-' || n)::uuid, "
      + "'SKU-' || n || '-' || chr(64 + v), jsonb_build_object('size', chr(64 + v)), 500, 1000 + n % 9000 + v, 'EUR', v "
      + "FROM generate_series($2::int, $3::int) n, generate_series(1, $4::int) v";

  static final String INSERT_LEVELS = "INSERT INTO inventory_levels (tenant_id, variant_id, location_id, on_hand) "
      + "SELECT $1, md5('bench-variant-' || n || '-' || v)::uuid, md5('bench-location')::uuid, 100 "
      + "FROM generate_series($2::int, $3::int) n, generate_series(1, $4::int) v";

  static final String OWNER_ROLE = "INSERT INTO user_roles (tenant_id, user_id, role_id) "
      + "SELECT $1, u.id, '00000000-0000-7000-8000-000000000101'::uuid FROM auth_users u "
      + "WHERE u.tenant_id = $1 AND lower(u.email) = lower($2) "
      + "AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.tenant_id = $1 AND r.user_id = u.id)";

  static final String OWNER_HASH = "SELECT password_hash FROM auth_users WHERE tenant_id = $1 AND password_hash IS NOT NULL LIMIT 1";

  static final String INSERT_USERS = "INSERT INTO auth_users (id, tenant_id, email, password_hash, email_verified) "
      + "SELECT md5('bench-user-' || n)::uuid, $1, 'user' || n || '@bench.test', $3, true "
      + "FROM generate_series(1, $2::int) n";

  private static final int CHUNK = 10_000;

  private final Pool pool;

  public Seeder(Vertx vertx, int pgPort) {
    this.pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1))
        .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(pgPort).setDatabase("postgres")
            .setUser("postgres").setPassword("postgres"))
        .using(vertx)
        .build();
  }

  /** Lifts a plan's per-minute API budget, so the run measures the services and not the rate limiter. */
  public Future<Void> liftPlanLimit(String plan) {
    return pool.preparedQuery("UPDATE plans SET api_requests_per_minute = 1000000000 WHERE code = $1")
        .execute(Tuple.of(plan)).mapEmpty();
  }

  /**
   * Gives the tenant owner's auth user the built-in owner role when sign-up left it without one (the
   * platform assigned the role to another user id); true when it had to.
   */
  public Future<Boolean> ensureOwnerRole(UUID tenantId, String ownerEmail) {
    return pool.preparedQuery(OWNER_ROLE).execute(Tuple.of(tenantId, ownerEmail))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Inserts the tenant row unless the sign-up already made it. */
  public Future<Void> ensureTenant(UUID tenantId, String slug) {
    return pool.preparedQuery(INSERT_TENANT).execute(Tuple.of(tenantId, slug)).mapEmpty();
  }

  /** {@code products} products of {@code variantsPerProduct} variants each, one stock level per variant. */
  public Future<Void> seedCatalog(UUID tenantId, int products, int variantsPerProduct) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 1; from <= products; from += CHUNK) {
      int lo = from;
      int hi = Math.min(products, from + CHUNK - 1);
      chain = chain
          .compose(v -> pool.preparedQuery(INSERT_PRODUCTS).execute(Tuple.of(tenantId, lo, hi)))
          .compose(v -> pool.preparedQuery(INSERT_VARIANTS).execute(Tuple.of(tenantId, lo, hi, variantsPerProduct)))
          .compose(v -> pool.preparedQuery(INSERT_LEVELS).execute(Tuple.of(tenantId, lo, hi, variantsPerProduct)))
          .mapEmpty();
    }
    return chain;
  }

  /** Users user1..userN@bench.test sharing the tenant owner's password hash; false when there is no hash to copy. */
  public Future<Boolean> seedUsers(UUID tenantId, int users) {
    return pool.preparedQuery(OWNER_HASH).execute(Tuple.of(tenantId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(false);
          }
          String hash = rows.iterator().next().getString(0);
          return pool.preparedQuery(INSERT_USERS).execute(Tuple.of(tenantId, users, hash)).map(true);
        });
  }

  /**
   * {@code VACUUM ANALYZE} then {@code CHECKPOINT}, as pgbench does before it measures: the seeded rows get their
   * visibility bits and statistics now, and their pages are written now, instead of autovacuum, hint-bit writes and
   * the first checkpoint landing inside a measured run.
   */
  public Future<Void> analyze() {
    return pool.query("VACUUM ANALYZE").execute()
        .compose(v -> pool.query("CHECKPOINT").execute())
        .mapEmpty();
  }

  public Future<Long> count(String table) {
    return pool.query("SELECT count(*) FROM " + table).execute().map(rows -> {
      Row row = rows.iterator().next();
      return row.getLong(0);
    });
  }

  public Future<Void> close() {
    return pool.close();
  }

  /** The id PostgreSQL computes as {@code md5(text)::uuid}. */
  public static UUID md5Uuid(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
      String hex = HexFormat.of().formatHex(digest);
      return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
          + hex.substring(16, 20) + "-" + hex.substring(20));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static UUID productId(long n) {
    return md5Uuid("bench-product-" + n);
  }
}
