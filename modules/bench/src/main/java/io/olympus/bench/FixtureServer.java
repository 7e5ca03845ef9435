package io.olympus.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ceilings, run as their own process: {@code GET /ping} (bare Vert.x, no database) and
 * {@code GET /api/v1/products/{id}} (Vert.x + pg client + RS256 JWT, the same reads as Olympus's
 * product read inside a tenant transaction, none of Olympus's layers). {@code GET /token?tenant_id=}
 * issues a token for the minimal endpoint. {@code GET /ceiling/products/{id}} is the one-statement ceiling
 * ({@link OneStatementCeiling}).
 *
 * <p>Arguments: {@code port pgPort pgUser pgPassword poolSize instances [ownerUser ownerPassword]}.
 */
public final class FixtureServer {

  private static final Logger LOG = LoggerFactory.getLogger(FixtureServer.class);

  static final String SET_TENANT = "SELECT set_config('app.tenant_id', $1, true)";
  static final String PRODUCT_BY_ID = "SELECT id, status, title, description, attributes, images, tags, options, "
      + "min_price, currency, version, created_at, updated_at FROM products WHERE tenant_id = $1 AND id = $2";
  static final String VARIANTS_OF = "SELECT id, product_id, sku, barcode, options, weight_grams, price_amount, "
      + "currency, position FROM product_variants WHERE tenant_id = $1 AND product_id = $2 ORDER BY position";
  static final String CATEGORIES_OF = "SELECT category_id FROM product_categories "
      + "WHERE tenant_id = $1 AND product_id = $2 ORDER BY category_id";

  private FixtureServer() {
  }

  public static void main(String[] args) throws NoSuchAlgorithmException {
    int port = Integer.parseInt(args[0]);
    int pgPort = Integer.parseInt(args[1]);
    String pgUser = args[2];
    String pgPassword = args[3];
    int poolSize = Integer.parseInt(args[4]);
    int instances = Integer.parseInt(args[5]);

    Vertx vertx = Vertx.builder().with(new VertxOptions()).build();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(pem("PRIVATE KEY", keys.getPrivate().getEncoded())))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(pem("PUBLIC KEY", keys.getPublic().getEncoded()))));
    Pool pool = pool(vertx, pgPort, pgUser, pgPassword, poolSize);
    // the one-statement ceiling reads as the owner (no row-level security); without owner credentials, as the app
    OneStatementCeiling ceiling = new OneStatementCeiling(jwt, args.length >= 8
        ? pool(vertx, pgPort, args[6], args[7], poolSize) : pool);
    vertx.deployVerticle(() -> new FixtureVerticle(port, jwt, pool, ceiling), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> LOG.info("fixture server listening on 127.0.0.1:{}", port))
        .onFailure(err -> {
          LOG.error("fixture server failed to start", err);
          System.exit(1);
        });
  }

  private static Pool pool(Vertx vertx, int pgPort, String user, String password, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size))
        .connectingTo(new PgConnectOptions()
            .setHost("127.0.0.1")
            .setPort(pgPort)
            .setDatabase("postgres")
            .setUser(user)
            .setPassword(password)
            .setCachePreparedStatements(true)
            .setPipeliningLimit(256))
        .using(vertx)
        .build();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** One event loop's HTTP server of the fixture. */
  private static final class FixtureVerticle extends VerticleBase {
    private static final String PRODUCTS = "/api/v1/products/";
    private final int port;
    private final JWTAuth jwt;
    private final Pool pool;
    private final OneStatementCeiling ceiling;

    FixtureVerticle(int port, JWTAuth jwt, Pool pool, OneStatementCeiling ceiling) {
      this.port = port;
      this.jwt = jwt;
      this.pool = pool;
      this.ceiling = ceiling;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer()
          .requestHandler(this::handle)
          .listen(port, "127.0.0.1");
    }

    private void handle(HttpServerRequest request) {
      String path = request.path();
      if (path.equals("/ping")) {
        request.response().putHeader("Content-Type", "application/json").end("{\"status\":\"ok\"}");
      } else if (path.equals("/token")) {
        String token = jwt.generateToken(new JsonObject()
                .put("sub", UUID.randomUUID().toString())
                .put("tenant_id", request.getParam("tenant_id")),
            new JWTOptions().setAlgorithm("RS256").setExpiresInMinutes(240));
        request.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("access_token", token).encode());
      } else if (path.startsWith(OneStatementCeiling.PATH)) {
        ceiling.getProduct(request, path.substring(OneStatementCeiling.PATH.length()));
      } else if (path.startsWith(PRODUCTS)) {
        getProduct(request, path.substring(PRODUCTS.length()));
      } else {
        request.response().setStatusCode(404).end();
      }
    }

    private void getProduct(HttpServerRequest request, String idText) {
      String header = request.getHeader("Authorization");
      if (header == null || !header.startsWith("Bearer ")) {
        request.response().setStatusCode(401).end();
        return;
      }
      UUID id;
      try {
        id = UUID.fromString(idText);
      } catch (IllegalArgumentException e) {
        request.response().setStatusCode(400).end();
        return;
      }
      jwt.authenticate(new TokenCredentials(header.substring(7)))
          .compose(user -> pool.withTransaction(conn -> readProduct(conn, UUID.fromString(user.principal().getString("tenant_id")), id)))
          .onSuccess(product -> {
            if (product == null) {
              request.response().setStatusCode(404).end();
            } else {
              request.response().putHeader("Content-Type", "application/json").end(product.toBuffer());
            }
          })
          .onFailure(err -> request.response().setStatusCode(err instanceof RuntimeException ? 500 : 401).end());
    }

    private Future<JsonObject> readProduct(SqlConnection conn, UUID tenantId, UUID id) {
      Tuple key = Tuple.of(tenantId, id);
      return conn.preparedQuery(SET_TENANT).execute(Tuple.of(tenantId.toString()))
          .compose(ignored -> conn.preparedQuery(PRODUCT_BY_ID).execute(key))
          .compose(products -> products.size() == 0
              ? Future.succeededFuture(null)
              : Future.all(conn.preparedQuery(VARIANTS_OF).execute(key), conn.preparedQuery(CATEGORIES_OF).execute(key))
                  .map(all -> toJson(products.iterator().next(), all.resultAt(0), all.resultAt(1))));
    }

    private static JsonObject toJson(Row product, RowSet<Row> variants, RowSet<Row> categories) {
      JsonObject json = product.toJson();
      JsonArray variantArray = new JsonArray();
      variants.forEach(v -> variantArray.add(v.toJson()));
      JsonArray categoryArray = new JsonArray();
      categories.forEach(c -> categoryArray.add(c.getUUID(0).toString()));
      return json.put("variants", variantArray).put("category_ids", categoryArray);
    }
  }
}
