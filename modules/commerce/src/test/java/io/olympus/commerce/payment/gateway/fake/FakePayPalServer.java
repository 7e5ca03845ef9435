package io.olympus.commerce.payment.gateway.fake;

import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.olympus.commerce.payment.gateway.support.MinorUnits;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * PayPal's REST APIs as documented, for the calls the adapter makes: OAuth2 client-credentials tokens (Basic auth,
 * {@code expires_in}; {@link #revokeTokens()} makes issued tokens answer 401), Orders v2 (create with a vaulted
 * {@code payment_source} completes at once, without one the order waits for the payer; read), Payments v2
 * (authorization capture and void, capture refund, capture read), Disputes v1 (read, provide evidence as multipart
 * {@code input}), and {@code verify-webhook-signature}. {@code PayPal-Request-Id} follows PayPal's documented rule: a
 * repeated id answers the latest status of the first request, whatever the new body. Webhooks are signed as PayPal
 * signs them: SHA256withRSA over {@code transmission_id|transmission_time|webhook_id|crc32(body)} with this fake's
 * own key. Vault ids: {@code vault-card-ok}, {@code vault-card-insufficient-funds} (processor code 5120),
 * {@code vault-card-declined} (422 {@code INSTRUMENT_DECLINED}). The fake does not enforce PayPal's currency list
 * (KWD is not on it); it does refuse more decimals than the currency has, as PayPal does.
 */
public final class FakePayPalServer extends FakeProviderServer {

  public static final String CLIENT_ID = "AfakeOlympusPayPalClientId";
  public static final String CLIENT_SECRET = "EfakeOlympusPayPalClientSecret";
  public static final String WEBHOOK_ID = "8PT597110X687430LKGECATA";
  public static final String VAULT_OK = "vault-card-ok";
  public static final String VAULT_INSUFFICIENT_FUNDS = "vault-card-insufficient-funds";
  public static final String VAULT_DECLINED = "vault-card-declined";
  private static final Set<String> REGISTERED_WEBHOOKS = Set.of(WEBHOOK_ID);

  private final Map<String, JsonObject> orders = new ConcurrentHashMap<>();
  private final Map<String, String> orderOfTransaction = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> disputes = new ConcurrentHashMap<>();
  private final Map<String, String> requestIds = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> captures = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> refunds = new ConcurrentHashMap<>();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final KeyPair signingKey;
  private volatile long tokenLifetimeSeconds = 32_400;

  public FakePayPalServer(Vertx vertx) {
    super(vertx);
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      signingKey = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected void routes(Router router) {
    router.post("/v1/oauth2/token").handler(this::token);
    router.route().handler(this::authenticate);
    router.post("/v2/checkout/orders").handler(this::createOrder);
    router.get("/v2/checkout/orders/:id").handler(ctx -> answerOrder(ctx, 200, orders.get(ctx.pathParam("id"))));
    router.post("/v2/payments/authorizations/:id/capture").handler(this::captureAuthorization);
    router.post("/v2/payments/authorizations/:id/void").handler(this::voidAuthorization);
    router.post("/v2/payments/captures/:id/refund").handler(this::refund);
    router.get("/v2/payments/captures/:id").handler(this::getCapture);
    router.post("/v1/notifications/verify-webhook-signature").handler(this::verify);
    router.get("/v1/customer/disputes/:id").handler(this::getDispute);
    router.post("/v1/customer/disputes/:id/provide-evidence").handler(this::provideEvidence);
  }

  @Override
  protected JsonObject errorBody(int status) {
    return status == 429
        ? issue("RATE_LIMIT_REACHED", "Too many requests. Blocked due to rate limiting.", null)
        : issue("INTERNAL_SERVER_ERROR", "An internal server error has occurred.", null);
  }

  // ---- test-side helpers ------------------------------------------------------------------------------------------

  public int tokenRequests() {
    return tokenRequests.get();
  }

  /** Tokens issued from now on live {@code seconds}. */
  public void tokenLifetime(long seconds) {
    tokenLifetimeSeconds = seconds;
  }

  /** Every token issued so far answers 401 from now on. */
  public void revokeTokens() {
    tokens.clear();
  }

  public JsonObject order(String id) {
    return orders.get(id);
  }

  /** The first capture of an order. */
  public JsonObject capture(String orderId) {
    return list(orders.get(orderId), "captures").getJsonObject(0);
  }

  /** Opens a dispute waiting for the seller's response on the order's first capture. */
  public JsonObject openDispute(String orderId) {
    JsonObject capture = capture(orderId);
    String id = "PP-D-" + (10_000 + disputes.size());
    JsonObject dispute = new JsonObject()
        .put("dispute_id", id)
        .put("create_time", Instant.now().toString())
        .put("update_time", Instant.now().toString())
        .put("disputed_transactions", new JsonArray().add(new JsonObject()
            .put("seller_transaction_id", capture.getString("id"))
            .put("custom", capture.getString("custom_id"))))
        .put("reason", "MERCHANDISE_OR_SERVICE_NOT_RECEIVED")
        .put("status", "WAITING_FOR_SELLER_RESPONSE")
        .put("dispute_amount", capture.getJsonObject("amount").copy())
        .put("seller_response_due_date", Instant.now().plusSeconds(10 * 86_400).toString())
        .put("dispute_life_cycle_stage", "CHARGEBACK")
        .put("evidences", new JsonArray());
    disputes.put(id, dispute);
    return dispute.copy();
  }

  public JsonObject dispute(String id) {
    return disputes.get(id);
  }

  /** An event of {@code type} about {@code resource}, as PayPal posts it. */
  public static JsonObject event(String type, String resourceType, JsonObject resource, Instant createdAt) {
    return new JsonObject()
        .put("id", "WH-" + random(17) + "-" + random(17))
        .put("event_version", "1.0")
        .put("create_time", createdAt.toString())
        .put("resource_type", resourceType)
        .put("resource_version", "2.0")
        .put("event_type", type)
        .put("summary", type)
        .put("resource", resource);
  }

  /** The delivery of {@code event} for the webhook {@code webhookId}, signed at {@code transmittedAt}. */
  public WebhookRequest webhook(JsonObject event, String webhookId, Instant transmittedAt) {
    Buffer body = Buffer.buffer(event.encode());
    String transmissionId = UUID.randomUUID().toString();
    String time = transmittedAt.toString();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json")
        .add("PAYPAL-AUTH-ALGO", "SHA256withRSA")
        .add("PAYPAL-CERT-URL", "https://api-m.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-fake")
        .add("PAYPAL-TRANSMISSION-ID", transmissionId)
        .add("PAYPAL-TRANSMISSION-TIME", time)
        .add("PAYPAL-TRANSMISSION-SIG", sign(transmissionId + "|" + time + "|" + webhookId + "|" + crc32(body)));
    return new WebhookRequest(headers, body, "https://shop.example/api/v1/payments/webhooks/paypal", Instant.now());
  }

  public WebhookRequest webhook(JsonObject event) {
    return webhook(event, WEBHOOK_ID, Instant.now());
  }

  // ---- API -------------------------------------------------------------------------------------------------------

  private void token(RoutingContext ctx) {
    tokenRequests.incrementAndGet();
    String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
        .getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(ctx.request().getHeader("Authorization"))) {
      json(ctx, 401, new JsonObject().put("error", "invalid_client")
          .put("error_description", "Client Authentication failed"));
      return;
    }
    if (!"client_credentials".equals(ctx.request().getFormAttribute("grant_type"))) {
      json(ctx, 400, new JsonObject().put("error", "unsupported_grant_type")
          .put("error_description", "Grant Type is NULL"));
      return;
    }
    String token = "A21AA" + random(40);
    tokens.add(token);
    json(ctx, 200, new JsonObject()
        .put("scope", "https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/disputes/"
            + "update-seller https://uri.paypal.com/services/applications/webhooks")
        .put("access_token", token)
        .put("token_type", "Bearer")
        .put("app_id", "APP-80W284485P519543T")
        .put("expires_in", tokenLifetimeSeconds)
        .put("nonce", Instant.now() + "fake"));
  }

  private void authenticate(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")
        || !tokens.contains(authorization.substring(7))) {
      json(ctx, 401, new JsonObject().put("name", "AUTHENTICATION_FAILURE")
          .put("message", "Authentication failed due to invalid authentication credentials or a missing "
              + "Authorization header."));
      return;
    }
    ctx.next();
  }

  /**
   * Answers the latest status of the object the first request with this {@code PayPal-Request-Id} (in this scope)
   * made, when there was one.
   */
  private boolean replayed(RoutingContext ctx, String scope) {
    String requestId = ctx.request().getHeader("PayPal-Request-Id");
    String objectId = requestId == null ? null : requestIds.get(scope + "|" + requestId);
    if (objectId == null) {
      return false;
    }
    if (scope.equals("order")) {
      answerOrder(ctx, 200, orders.get(objectId));
    } else {
      JsonObject object = (scope.startsWith("capture:") ? captures : refunds).get(objectId).copy();
      object.remove("_capture_id");
      json(ctx, 200, object);
    }
    return true;
  }

  private void remember(RoutingContext ctx, String scope, String objectId) {
    String requestId = ctx.request().getHeader("PayPal-Request-Id");
    if (requestId != null) {
      requestIds.putIfAbsent(scope + "|" + requestId, objectId);
    }
  }

  private void createOrder(RoutingContext ctx) {
    if (replayed(ctx, "order")) {
      return;
    }
    JsonObject body = ctx.body().asJsonObject();
    String intent = body == null ? null : body.getString("intent");
    if (!"CAPTURE".equals(intent) && !"AUTHORIZE".equals(intent)) {
      invalid(ctx, 400, "INVALID_REQUEST", "INVALID_PARAMETER_VALUE", "/intent");
      return;
    }
    JsonArray units = body.getJsonArray("purchase_units");
    JsonObject unit = units == null || units.isEmpty() ? null : units.getJsonObject(0);
    JsonObject amount = unit == null ? null : unit.getJsonObject("amount");
    String problem = amountProblem(amount);
    if (problem != null) {
      invalid(ctx, problem.equals("DECIMAL_PRECISION") ? 422 : 400,
          problem.equals("DECIMAL_PRECISION") ? "UNPROCESSABLE_ENTITY" : "INVALID_REQUEST", problem,
          "/purchase_units/@reference_id=='default'/amount/value");
      return;
    }
    JsonObject source = body.getJsonObject("payment_source");
    String vaultId = source == null ? null
        : source.getJsonObject("card", source.getJsonObject("paypal", new JsonObject())).getString("vault_id");
    if (VAULT_DECLINED.equals(vaultId)) {
      invalid(ctx, 422, "UNPROCESSABLE_ENTITY", "INSTRUMENT_DECLINED", null);
      return;
    }
    if (vaultId != null && !vaultId.startsWith("vault-card-")) {
      invalid(ctx, 422, "UNPROCESSABLE_ENTITY", "INVALID_VAULT_ID", "/payment_source/card/vault_id");
      return;
    }
    String orderId = random(17).toUpperCase();
    JsonObject storedUnit = unit.copy().put("reference_id", unit.getString("reference_id", "default"));
    JsonObject order = new JsonObject()
        .put("id", orderId)
        .put("intent", intent)
        .put("create_time", Instant.now().toString())
        .put("purchase_units", new JsonArray().add(storedUnit));
    orders.put(orderId, order);
    remember(ctx, "order", orderId);
    if (vaultId == null) {
      order.put("status", "CREATED").put("links", new JsonArray().add(new JsonObject()
          .put("href", "https://www.paypal.com/checkoutnow?token=" + orderId).put("rel", "approve")
          .put("method", "GET")));
      answerOrder(ctx, 201, order);
      return;
    }
    order.put("payment_source", source.copy()).put("status", "COMPLETED");
    boolean declined = VAULT_INSUFFICIENT_FUNDS.equals(vaultId);
    JsonObject processor = new JsonObject().put("avs_code", "Y").put("cvv_code", "M")
        .put("response_code", declined ? "5120" : "0000");
    String transactionId = random(17).toUpperCase();
    orderOfTransaction.put(transactionId, orderId);
    JsonObject payments = new JsonObject();
    storedUnit.put("payments", payments);
    if (intent.equals("CAPTURE")) {
      payments.put("captures", new JsonArray().add(capture(transactionId, amount, storedUnit.getString("custom_id"),
          declined ? "DECLINED" : "COMPLETED", processor, orderId, null)));
    } else {
      payments.put("authorizations", new JsonArray().add(new JsonObject()
          .put("id", transactionId)
          .put("status", declined ? "DENIED" : "CREATED")
          .put("amount", amount.copy())
          .put("custom_id", storedUnit.getString("custom_id"))
          .put("processor_response", processor)
          .put("expiration_time", Instant.now().plusSeconds(29 * 86_400).toString())
          .put("create_time", Instant.now().toString())
          .put("supplementary_data", related(orderId, null))));
    }
    answerOrder(ctx, 201, order);
  }

  private void captureAuthorization(RoutingContext ctx) {
    String authorizationId = ctx.pathParam("id");
    String orderId = orderOfTransaction.get(authorizationId);
    if (orderId == null) {
      notFound(ctx);
      return;
    }
    if (replayed(ctx, "capture:" + authorizationId)) {
      return;
    }
    JsonObject order = orders.get(orderId);
    JsonObject authorization = list(order, "authorizations").getJsonObject(0);
    if (!"CREATED".equals(authorization.getString("status"))) {
      invalid(ctx, 422, "UNPROCESSABLE_ENTITY", authorization.getString("status").equals("VOIDED")
          ? "AUTHORIZATION_VOIDED" : "AUTHORIZATION_ALREADY_CAPTURED", null);
      return;
    }
    JsonObject body = ctx.body().asJsonObject();
    JsonObject amount = body == null || body.getJsonObject("amount") == null ? authorization.getJsonObject("amount")
        : body.getJsonObject("amount");
    String problem = amountProblem(amount);
    if (problem != null) {
      invalid(ctx, 422, "UNPROCESSABLE_ENTITY", problem, "/amount/value");
      return;
    }
    if (decimal(amount).compareTo(decimal(authorization.getJsonObject("amount"))) > 0) {
      invalid(ctx, 422, "UNPROCESSABLE_ENTITY", "MAX_CAPTURE_AMOUNT_EXCEEDED", "/amount/value");
      return;
    }
    String captureId = random(17).toUpperCase();
    orderOfTransaction.put(captureId, orderId);
    JsonObject capture = capture(captureId, amount, authorization.getString("custom_id"), "COMPLETED",
        new JsonObject().put("response_code", "0000"), orderId, authorizationId);
    JsonObject payments = PayPalUnit.payments(order);
    payments.put("captures", payments.getJsonArray("captures", new JsonArray()).add(capture));
    authorization.put("status", decimal(amount).compareTo(decimal(authorization.getJsonObject("amount"))) == 0
        || body == null || body.getBoolean("final_capture", false) ? "CAPTURED" : "PARTIALLY_CAPTURED");
    remember(ctx, "capture:" + authorizationId, captureId);
    json(ctx, 201, capture.copy());
  }

  private void voidAuthorization(RoutingContext ctx) {
    String authorizationId = ctx.pathParam("id");
    String orderId = orderOfTransaction.get(authorizationId);
    if (orderId == null) {
      notFound(ctx);
      return;
    }
    JsonObject authorization = list(orders.get(orderId), "authorizations").getJsonObject(0);
    if (!"CREATED".equals(authorization.getString("status"))) {
      invalid(ctx, 422, "UNPROCESSABLE_ENTITY", "PREVIOUSLY_CAPTURED", null);
      return;
    }
    authorization.put("status", "VOIDED");
    json(ctx, 200, authorization.copy());
  }

  private void refund(RoutingContext ctx) {
    String captureId = ctx.pathParam("id");
    String orderId = orderOfTransaction.get(captureId);
    if (orderId == null) {
      notFound(ctx);
      return;
    }
    if (replayed(ctx, "refund:" + captureId)) {
      return;
    }
    JsonObject order = orders.get(orderId);
    JsonObject capture = captures.get(captureId);
    JsonObject body = ctx.body().asJsonObject();
    JsonObject amount = body == null || body.getJsonObject("amount") == null ? capture.getJsonObject("amount")
        : body.getJsonObject("amount");
    String problem = amountProblem(amount);
    if (problem != null) {
      invalid(ctx, 422, "UNPROCESSABLE_ENTITY", problem, "/amount/value");
      return;
    }
    JsonArray orderRefunds = PayPalUnit.payments(order).getJsonArray("refunds", new JsonArray());
    BigDecimal refunded = orderRefunds.stream().map(JsonObject.class::cast)
        .filter(refund -> captureId.equals(refund.getString("_capture_id")))
        .map(refund -> decimal(refund.getJsonObject("amount"))).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal remaining = decimal(capture.getJsonObject("amount")).subtract(refunded);
    if (decimal(amount).compareTo(remaining) > 0) {
      invalid(ctx, 422, "UNPROCESSABLE_ENTITY", "REFUND_AMOUNT_EXCEEDED", "/amount/value");
      return;
    }
    String refundId = random(17).toUpperCase();
    JsonObject refund = new JsonObject()
        .put("id", refundId)
        .put("status", "COMPLETED")
        .put("amount", amount.copy())
        .put("custom_id", body == null ? null : body.getString("custom_id"))
        .put("note_to_payer", body == null ? null : body.getString("note_to_payer"))
        .put("create_time", Instant.now().toString())
        .put("_capture_id", captureId);
    PayPalUnit.payments(order).put("refunds", orderRefunds.add(refund));
    capture.put("status", decimal(amount).compareTo(remaining) == 0 ? "REFUNDED" : "PARTIALLY_REFUNDED");
    refunds.put(refundId, refund);
    remember(ctx, "refund:" + captureId, refundId);
    JsonObject answer = refund.copy();
    answer.remove("_capture_id");
    json(ctx, 201, answer);
  }

  private void getCapture(RoutingContext ctx) {
    JsonObject capture = captures.get(ctx.pathParam("id"));
    if (capture == null) {
      notFound(ctx);
      return;
    }
    json(ctx, 200, capture.copy());
  }

  private void verify(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    for (String field : new String[] {"auth_algo", "cert_url", "transmission_id", "transmission_sig",
        "transmission_time", "webhook_id"}) {
      if (body == null || body.getString(field) == null) {
        invalid(ctx, 400, "VALIDATION_ERROR", "MISSING_REQUIRED_PARAMETER", "/" + field);
        return;
      }
    }
    JsonObject event = body.getJsonObject("webhook_event");
    String webhookId = body.getString("webhook_id");
    boolean valid = event != null && REGISTERED_WEBHOOKS.contains(webhookId)
        && verifySignature(body.getString("transmission_id") + "|" + body.getString("transmission_time") + "|"
            + webhookId + "|" + crc32(Buffer.buffer(event.encode())), body.getString("transmission_sig"));
    json(ctx, 200, new JsonObject().put("verification_status", valid ? "SUCCESS" : "FAILURE"));
  }

  private void getDispute(RoutingContext ctx) {
    JsonObject dispute = disputes.get(ctx.pathParam("id"));
    if (dispute == null) {
      notFound(ctx);
      return;
    }
    JsonObject answer = dispute.copy();
    answer.remove("evidences");
    json(ctx, 200, answer);
  }

  private void provideEvidence(RoutingContext ctx) {
    JsonObject dispute = disputes.get(ctx.pathParam("id"));
    if (dispute == null) {
      notFound(ctx);
      return;
    }
    String input = ctx.request().getFormAttribute("input");
    JsonObject parsed;
    try {
      parsed = input == null ? null : new JsonObject(input);
    } catch (RuntimeException bad) {
      parsed = null;
    }
    if (parsed == null || parsed.getJsonArray("evidences") == null) {
      invalid(ctx, 400, "INVALID_REQUEST", "MISSING_REQUIRED_PARAMETER", "/evidences");
      return;
    }
    if (!"WAITING_FOR_SELLER_RESPONSE".equals(dispute.getString("status"))) {
      invalid(ctx, 422, "UNPROCESSABLE_ENTITY", "NOT_AUTHORIZED_TO_PERFORM_THIS_ACTION", null);
      return;
    }
    dispute.getJsonArray("evidences").addAll(parsed.getJsonArray("evidences"));
    dispute.put("status", "UNDER_REVIEW").put("update_time", Instant.now().toString());
    json(ctx, 200, new JsonObject().put("links", new JsonArray().add(new JsonObject()
        .put("href", "https://api-m.paypal.com/v1/customer/disputes/" + dispute.getString("dispute_id"))
        .put("rel", "self").put("method", "GET"))));
  }

  // ---- shapes ----------------------------------------------------------------------------------------------------

  /** Reaches into an order's first purchase unit. */
  private static final class PayPalUnit {
    static JsonObject payments(JsonObject order) {
      JsonObject unit = order.getJsonArray("purchase_units").getJsonObject(0);
      JsonObject payments = unit.getJsonObject("payments");
      if (payments == null) {
        payments = new JsonObject();
        unit.put("payments", payments);
      }
      return payments;
    }
  }

  private static JsonArray list(JsonObject order, String name) {
    return PayPalUnit.payments(order).getJsonArray(name, new JsonArray());
  }

  private JsonObject capture(String id, JsonObject amount, String customId, String status,
                                    JsonObject processor, String orderId, String authorizationId) {
    BigDecimal gross = decimal(amount);
    int exponent = MinorUnits.exponent(amount.getString("currency_code"));
    BigDecimal fee = gross.multiply(new BigDecimal("0.0349")).setScale(exponent, java.math.RoundingMode.HALF_UP);
    JsonObject capture = new JsonObject()
        .put("id", id)
        .put("status", status)
        .put("amount", amount.copy())
        .put("final_capture", true)
        .put("custom_id", customId)
        .put("processor_response", processor)
        .put("create_time", Instant.now().toString())
        .put("supplementary_data", related(orderId, authorizationId));
    if (status.equals("COMPLETED")) {
      capture.put("seller_receivable_breakdown", new JsonObject()
          .put("gross_amount", amount.copy())
          .put("paypal_fee", new JsonObject().put("currency_code", amount.getString("currency_code"))
              .put("value", fee.toPlainString()))
          .put("net_amount", new JsonObject().put("currency_code", amount.getString("currency_code"))
              .put("value", gross.subtract(fee).toPlainString())));
    } else {
      capture.put("status_details", new JsonObject().put("reason", "DECLINED_BY_PROCESSOR"));
    }
    captures.put(id, capture);
    return capture;
  }

  private static JsonObject related(String orderId, String authorizationId) {
    JsonObject ids = new JsonObject().put("order_id", orderId);
    if (authorizationId != null) {
      ids.put("authorization_id", authorizationId);
    }
    return new JsonObject().put("related_ids", ids);
  }

  private void answerOrder(RoutingContext ctx, int status, JsonObject order) {
    if (order == null) {
      notFound(ctx);
      return;
    }
    JsonObject answer = order.copy();
    JsonObject payments = answer.getJsonArray("purchase_units").getJsonObject(0).getJsonObject("payments");
    if (payments != null && payments.getJsonArray("refunds") != null) {
      payments.getJsonArray("refunds").forEach(refund -> ((JsonObject) refund).remove("_capture_id"));
    }
    json(ctx, status, answer);
  }

  /** Why an amount is refused: missing, not a positive decimal, or more decimals than the currency has. */
  private static String amountProblem(JsonObject amount) {
    if (amount == null || amount.getString("currency_code") == null || amount.getString("value") == null) {
      return "MISSING_REQUIRED_PARAMETER";
    }
    BigDecimal value;
    try {
      value = new BigDecimal(amount.getString("value"));
    } catch (NumberFormatException bad) {
      return "INVALID_PARAMETER_SYNTAX";
    }
    if (value.signum() <= 0) {
      return "INVALID_PARAMETER_VALUE";
    }
    if (value.scale() > MinorUnits.exponent(amount.getString("currency_code"))) {
      return "DECIMAL_PRECISION";
    }
    return null;
  }

  private static BigDecimal decimal(JsonObject amount) {
    return new BigDecimal(amount.getString("value"));
  }

  private void notFound(RoutingContext ctx) {
    json(ctx, 404, new JsonObject().put("name", "RESOURCE_NOT_FOUND")
        .put("message", "The specified resource does not exist.")
        .put("details", new JsonArray().add(new JsonObject().put("issue", "INVALID_RESOURCE_ID")
            .put("description", "Specified resource ID does not exist. Please check the resource ID and try again.")))
        .put("debug_id", random(13)));
  }

  private static void invalid(RoutingContext ctx, int status, String name, String issue, String field) {
    JsonObject body = issue(name, "The requested action could not be performed, semantically incorrect, or failed "
        + "business validation.", new JsonObject().put("issue", issue).put("field", field)
        .put("description", issue.replace('_', ' ').toLowerCase()));
    json(ctx, status, body);
  }

  private static JsonObject issue(String name, String message, JsonObject detail) {
    JsonObject body = new JsonObject().put("name", name).put("message", message).put("debug_id", random(13));
    if (detail != null) {
      body.put("details", new JsonArray().add(detail));
    }
    return body;
  }

  private String sign(String message) {
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(signingKey.getPrivate());
      signature.update(message.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean verifySignature(String message, String given) {
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initVerify(signingKey.getPublic());
      signature.update(message.getBytes(StandardCharsets.UTF_8));
      return signature.verify(Base64.getDecoder().decode(given));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static long crc32(Buffer body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes());
    return crc.getValue();
  }

  private static String random(int length) {
    return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, length);
  }
}
