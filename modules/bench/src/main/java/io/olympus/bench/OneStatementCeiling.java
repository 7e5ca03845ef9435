package io.olympus.bench;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The product-read ceiling "the stack at its best for this data", served by the fixture server at
 * {@code GET /ceiling/products/{id}}: the RS256 JWT check, then <b>one</b> statement (pipelined on the pool, no
 * transaction, no {@code set_config}) returning the product with its variants (a JSON array) and category ids, then
 * the JSON document. It reads as the database owner, so row-level security costs it nothing: the cheapest way this
 * stack can serve this data, whatever Olympus's database schema version (it needs no function of Olympus's).
 */
final class OneStatementCeiling {

  static final String PATH = "/ceiling/products/";

  static final String PRODUCT_WHOLE = "SELECT p.id, p.status, p.title, p.description, p.attributes, p.images, p.tags, "
      + "p.options, p.min_price, p.currency, p.version, p.created_at, p.updated_at, "
      + "coalesce((SELECT jsonb_agg(jsonb_build_object('id', v.id, 'sku', v.sku, 'barcode', v.barcode, "
      + "'options', v.options, 'weight_grams', v.weight_grams, 'price_amount', v.price_amount, 'currency', v.currency, "
      + "'position', v.position) ORDER BY v.position) FROM product_variants v "
      + "WHERE v.tenant_id = $1 AND v.product_id = $2), '[]'::jsonb) AS variants, "
      + "ARRAY(SELECT c.category_id FROM product_categories c WHERE c.tenant_id = $1 AND c.product_id = $2 "
      + "ORDER BY c.category_id) AS category_ids "
      + "FROM products p WHERE p.tenant_id = $1 AND p.id = $2";

  private final JWTAuth jwt;
  private final Pool owner;

  OneStatementCeiling(JWTAuth jwt, Pool owner) {
    this.jwt = jwt;
    this.owner = owner;
  }

  void getProduct(HttpServerRequest request, String idText) {
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
        .compose(user -> owner.preparedQuery(PRODUCT_WHOLE)
            .execute(Tuple.of(UUID.fromString(user.principal().getString("tenant_id")), id)))
        .map(rows -> rows.size() == 0 ? null : toJson(rows.iterator().next()))
        .onSuccess(product -> {
          if (product == null) {
            request.response().setStatusCode(404).end();
          } else {
            request.response().putHeader("Content-Type", "application/json").end(product.toBuffer());
          }
        })
        .onFailure(err -> request.response().setStatusCode(err instanceof RuntimeException ? 500 : 401).end());
  }

  private static JsonObject toJson(Row row) {
    JsonObject json = row.toJson();
    JsonArray categories = new JsonArray();
    for (UUID category : row.getArrayOfUUIDs("category_ids")) {
      categories.add(category.toString());
    }
    return json.put("category_ids", categories);
  }
}
