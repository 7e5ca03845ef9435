package io.olympus.commerce.payment.gateway.fake;

import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.olympus.commerce.payment.gateway.square.SquareGateway;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Square's Payments, Refunds and Disputes API v2 as documented, for the calls the adapter makes: JSON bodies,
 * {@code Bearer} access token, {@code idempotency_key} in the body (same key and body: the same answer; another body:
 * 400 {@code IDEMPOTENCY_KEY_REUSED}), {@code {"errors": [{category, code, detail, field}]}} errors, declines as 402
 * with the failed payment, payments listed newest first with a cursor, and webhooks signed with
 * {@code x-square-hmacsha256-signature}. Source ids: Square's sandbox nonces {@code cnon:card-nonce-ok} (approved)
 * and {@code cnon:card-nonce-declined} ({@code GENERIC_DECLINE}), and this fake's own
 * {@code cnon:card-nonce-insufficient-funds} ({@code INSUFFICIENT_FUNDS}).
 */
public final class FakeSquareServer extends FakeProviderServer {

  public static final String ACCESS_TOKEN = "EAAAEFakeOlympusSquareAccessToken0000";
  public static final String SIGNATURE_KEY = "fakeOlympusSquareSignatureKey";
  public static final String LOCATION_ID = "L8FAKEOLYMPUS";
  public static final String NOTIFICATION_URL = "https://shop.example/api/v1/payments/webhooks/square";
  public static final String NONCE_OK = "cnon:card-nonce-ok";
  public static final String NONCE_DECLINED = "cnon:card-nonce-declined";
  public static final String NONCE_INSUFFICIENT_FUNDS = "cnon:card-nonce-insufficient-funds";

  private final Map<String, JsonObject> payments = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> refunds = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> disputes = new ConcurrentHashMap<>();
  private volatile int pageSize = 100;

  public FakeSquareServer(Vertx vertx) {
    super(vertx);
  }

  @Override
  protected void routes(Router router) {
    router.route("/v2/*").handler(this::authenticate);
    router.post("/v2/payments").handler(ctx -> idempotently(ctx, this::createPayment));
    router.get("/v2/payments").handler(this::listPayments);
    router.get("/v2/payments/:id").handler(ctx -> answer(ctx, existing(payments, ctx, "payment")));
    router.put("/v2/payments/:id").handler(ctx -> idempotently(ctx, this::updatePayment));
    router.post("/v2/payments/:id/complete").handler(ctx -> answer(ctx, transition(ctx, "COMPLETED")));
    router.post("/v2/payments/:id/cancel").handler(ctx -> answer(ctx, transition(ctx, "CANCELED")));
    router.post("/v2/refunds").handler(ctx -> idempotently(ctx, this::refund));
    router.get("/v2/disputes/:id").handler(ctx -> answer(ctx, existing(disputes, ctx, "dispute")));
    router.post("/v2/disputes/:id/evidence-text").handler(ctx -> idempotently(ctx, this::evidenceText));
    router.post("/v2/disputes/:id/submit-evidence").handler(ctx -> answer(ctx, submitEvidence(ctx)));
  }

  @Override
  protected JsonObject errorBody(int status) {
    return status == 429 ? errors("RATE_LIMIT_ERROR", "RATE_LIMITED", "Rate limit exceeded.", null)
        : errors("API_ERROR", status == 503 ? "SERVICE_UNAVAILABLE" : "INTERNAL_SERVER_ERROR",
            "An internal error has occurred.", null);
  }

  // ---- test-side helpers ------------------------------------------------------------------------------------------

  public JsonObject payment(String id) {
    return payments.get(id);
  }

  /** Lists at most {@code size} payments per page, to exercise the adapter's paging. */
  public void pageSize(int size) {
    pageSize = size;
  }

  /** Opens a dispute ({@code EVIDENCE_REQUIRED}) on a completed payment. */
  public JsonObject openDispute(String paymentId) {
    JsonObject payment = payments.get(paymentId);
    String id = random(22);
    JsonObject dispute = new JsonObject()
        .put("dispute_id", id)
        .put("id", id)
        .put("amount_money", payment.getJsonObject("amount_money").copy())
        .put("reason", "NOT_AS_DESCRIBED")
        .put("state", "EVIDENCE_REQUIRED")
        .put("due_at", Instant.now().plusSeconds(7 * 86_400).toString())
        .put("disputed_payment", new JsonObject().put("payment_id", paymentId))
        .put("card_brand", "VISA")
        .put("created_at", Instant.now().toString())
        .put("updated_at", Instant.now().toString())
        .put("location_id", LOCATION_ID)
        .put("version", 1)
        .put("evidence", new JsonArray());
    disputes.put(id, dispute);
    return dispute.copy();
  }

  /** A notification of {@code type} carrying {@code object} as {@code data.object.<objectType>}. */
  public static JsonObject event(String type, String objectType, JsonObject object, Instant createdAt) {
    return new JsonObject()
        .put("merchant_id", "MLFAKEOLYMPUS")
        .put("type", type)
        .put("event_id", UUID.randomUUID().toString())
        .put("created_at", createdAt.toString())
        .put("data", new JsonObject()
            .put("type", objectType)
            .put("id", object.getString("id"))
            .put("object", new JsonObject().put(objectType, object)));
  }

  /** The delivery of {@code event} to {@code url} signed as Square signs it with {@code signatureKey}. */
  public static WebhookRequest webhook(JsonObject event, String signatureKey, String url) {
    Buffer body = Buffer.buffer(event.encode());
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json")
        .add("x-square-hmacsha256-signature", SquareGateway.signature(signatureKey, url, body.getBytes()))
        .add("square-environment", "Sandbox");
    return new WebhookRequest(headers, body, url, Instant.now());
  }

  public static WebhookRequest webhook(JsonObject event) {
    return webhook(event, SIGNATURE_KEY, NOTIFICATION_URL);
  }

  // ---- API -------------------------------------------------------------------------------------------------------

  private record Answer(int status, JsonObject body) {}

  private void authenticate(RoutingContext ctx) {
    if (!("Bearer " + ACCESS_TOKEN).equals(ctx.request().getHeader("Authorization"))) {
      json(ctx, 401, errors("AUTHENTICATION_ERROR", "UNAUTHORIZED", "This request could not be authorized.", null));
      return;
    }
    ctx.next();
  }

  private static void answer(RoutingContext ctx, Answer answer) {
    json(ctx, answer.status(), answer.body());
  }

  private void idempotently(RoutingContext ctx, Function<JsonObject, Answer> operation) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException notJson) {
      body = null;
    }
    if (body == null) {
      answer(ctx, invalid("INVALID_REQUEST_ERROR", "INVALID_CONTENT_TYPE", "Body must be JSON.", null));
      return;
    }
    String key = body.getString("idempotency_key");
    if (key == null || key.isEmpty()) {
      answer(ctx, invalid("INVALID_REQUEST_ERROR", "MISSING_REQUIRED_PARAMETER", "Field must be set",
          "idempotency_key"));
      return;
    }
    if (key.length() > 45) {
      answer(ctx, invalid("INVALID_REQUEST_ERROR", "VALUE_TOO_LONG", "Field must not be greater than 45 length",
          "idempotency_key"));
      return;
    }
    String scoped = ctx.request().path() + "|" + key;
    String fingerprint = fingerprint(ctx.request().path(), ctx.body().buffer());
    Stored stored = idempotent(scoped, fingerprint);
    if (stored == MISMATCH) {
      answer(ctx, invalid("INVALID_REQUEST_ERROR", "IDEMPOTENCY_KEY_REUSED",
          "The idempotency key can only be retried with the same request data.", "idempotency_key"));
      return;
    }
    if (stored != null) {
      json(ctx, stored.status(), stored.body());
      return;
    }
    ctx.put("pathId", ctx.pathParam("id"));
    JsonObject request = body.put("_path_id", ctx.pathParam("id"));
    Answer answer = operation.apply(request);
    if (answer.status() < 500) {
      remember(scoped, fingerprint, answer.status(), answer.body());
    }
    answer(ctx, answer);
  }

  private Answer createPayment(JsonObject body) {
    String source = body.getString("source_id");
    if (source == null) {
      return invalid("INVALID_REQUEST_ERROR", "MISSING_REQUIRED_PARAMETER", "Field must be set", "source_id");
    }
    JsonObject amount = body.getJsonObject("amount_money");
    if (amount == null || !(amount.getValue("amount") instanceof Number n) || n.longValue() <= 0
        || amount.getString("currency") == null) {
      return invalid("INVALID_REQUEST_ERROR", "INVALID_VALUE", "amount_money must be a positive amount",
          "amount_money");
    }
    String reference = body.getString("reference_id");
    if (reference != null && reference.length() > 40) {
      return invalid("INVALID_REQUEST_ERROR", "VALUE_TOO_LONG", "Field must not be greater than 40 length",
          "reference_id");
    }
    String declineCode = switch (source) {
      case NONCE_OK -> null;
      case NONCE_DECLINED -> "GENERIC_DECLINE";
      case NONCE_INSUFFICIENT_FUNDS -> "INSUFFICIENT_FUNDS";
      default -> "UNKNOWN";
    };
    if ("UNKNOWN".equals(declineCode)) {
      return invalid("INVALID_REQUEST_ERROR", "INVALID_CARD_DATA", "Invalid card data.", "source_id");
    }
    String now = Instant.now().toString();
    boolean autocomplete = body.getBoolean("autocomplete", true);
    JsonObject payment = new JsonObject()
        .put("id", random(29))
        .put("created_at", now)
        .put("updated_at", now)
        .put("amount_money", amount.copy())
        .put("approved_money", amount.copy())
        .put("total_money", amount.copy())
        .put("status", declineCode != null ? "FAILED" : autocomplete ? "COMPLETED" : "APPROVED")
        .put("delay_duration", "PT168H")
        .put("source_type", "CARD")
        .put("card_details", new JsonObject()
            .put("status", declineCode != null ? "FAILED" : autocomplete ? "CAPTURED" : "AUTHORIZED")
            .put("card", new JsonObject().put("card_brand", "VISA").put("last_4", "1111"))
            .put("entry_method", "KEYED"))
        .put("location_id", body.getString("location_id", LOCATION_ID))
        .put("reference_id", reference)
        .put("note", body.getString("note"))
        .put("customer_id", body.getString("customer_id"))
        .put("version_token", random(20));
    if (autocomplete && declineCode == null) {
      addFee(payment);
    }
    payments.put(payment.getString("id"), payment);
    if (declineCode != null) {
      JsonObject error = new JsonObject().put("code", declineCode)
          .put("detail", "Authorization error: '" + declineCode + "'").put("category", "PAYMENT_METHOD_ERROR");
      payment.getJsonObject("card_details").put("errors", new JsonArray().add(error));
      return new Answer(402, new JsonObject().put("errors", new JsonArray().add(error)).put("payment", payment.copy()));
    }
    return new Answer(200, new JsonObject().put("payment", payment.copy()));
  }

  private Answer updatePayment(JsonObject body) {
    JsonObject payment = payments.get(body.getString("_path_id"));
    if (payment == null) {
      return notFound("payment");
    }
    if (!"APPROVED".equals(payment.getString("status"))) {
      return invalid("INVALID_REQUEST_ERROR", "BAD_REQUEST", "Payment must be APPROVED to be updated.", null);
    }
    JsonObject amount = body.getJsonObject("payment", new JsonObject()).getJsonObject("amount_money");
    if (amount != null) {
      long approved = payment.getJsonObject("approved_money").getLong("amount");
      if (amount.getLong("amount", 0L) <= 0 || amount.getLong("amount") > approved) {
        return invalid("INVALID_REQUEST_ERROR", "INVALID_VALUE", "amount_money cannot exceed approved_money.",
            "payment.amount_money");
      }
      payment.put("amount_money", amount.copy()).put("total_money", amount.copy());
    }
    payment.put("updated_at", Instant.now().toString()).put("version_token", random(20));
    return new Answer(200, new JsonObject().put("payment", payment.copy()));
  }

  private Answer transition(RoutingContext ctx, String to) {
    JsonObject payment = payments.get(ctx.pathParam("id"));
    if (payment == null) {
      return notFound("payment");
    }
    if (!"APPROVED".equals(payment.getString("status"))) {
      return invalid("INVALID_REQUEST_ERROR", "BAD_REQUEST",
          "Payment " + payment.getString("id") + " is " + payment.getString("status") + ", not APPROVED.", null);
    }
    payment.put("status", to).put("updated_at", Instant.now().toString());
    payment.getJsonObject("card_details").put("status", to.equals("COMPLETED") ? "CAPTURED" : "VOIDED");
    if (to.equals("COMPLETED")) {
      addFee(payment);
    }
    return new Answer(200, new JsonObject().put("payment", payment.copy()));
  }

  private Answer refund(JsonObject body) {
    JsonObject payment = payments.get(body.getString("payment_id", ""));
    if (payment == null) {
      return notFound("payment");
    }
    if (!"COMPLETED".equals(payment.getString("status"))) {
      return invalid("INVALID_REQUEST_ERROR", "BAD_REQUEST", "Payment is not COMPLETED.", "payment_id");
    }
    JsonObject amount = body.getJsonObject("amount_money");
    long refunded = payment.getJsonObject("refunded_money", new JsonObject().put("amount", 0L)).getLong("amount");
    long refundable = payment.getJsonObject("amount_money").getLong("amount") - refunded;
    if (amount == null || amount.getLong("amount", 0L) <= 0) {
      return invalid("INVALID_REQUEST_ERROR", "INVALID_VALUE", "amount_money must be positive", "amount_money");
    }
    if (amount.getLong("amount") > refundable) {
      return invalid("REFUND_ERROR", "REFUND_AMOUNT_INVALID",
          "The requested refund amount exceeds the amount available to refund.", "amount_money.amount");
    }
    payment.put("refunded_money", new JsonObject().put("amount", refunded + amount.getLong("amount"))
        .put("currency", amount.getString("currency")));
    JsonObject refund = new JsonObject()
        .put("id", payment.getString("id") + "_" + random(20))
        .put("status", "PENDING")
        .put("amount_money", amount.copy())
        .put("payment_id", payment.getString("id"))
        .put("location_id", payment.getString("location_id"))
        .put("reason", body.getString("reason"))
        .put("created_at", Instant.now().toString())
        .put("updated_at", Instant.now().toString());
    refunds.put(refund.getString("id"), refund);
    payment.put("refund_ids", payment.getJsonArray("refund_ids", new JsonArray()).add(refund.getString("id")));
    return new Answer(200, new JsonObject().put("refund", refund.copy()));
  }

  private void listPayments(RoutingContext ctx) {
    String begin = ctx.request().getParam("begin_time");
    String location = ctx.request().getParam("location_id");
    int limit = Math.min(pageSize, ctx.request().getParam("limit") == null ? 100
        : Integer.parseInt(ctx.request().getParam("limit")));
    int offset = ctx.request().getParam("cursor") == null ? 0 : Integer.parseInt(ctx.request().getParam("cursor"));
    Comparator<JsonObject> byCreated = Comparator.comparing(payment -> payment.getString("created_at"));
    List<JsonObject> matching = payments.values().stream()
        .filter(payment -> begin == null || payment.getString("created_at").compareTo(begin) >= 0)
        .filter(payment -> location == null || location.equals(payment.getString("location_id")))
        .sorted("ASC".equals(ctx.request().getParam("sort_order")) ? byCreated : byCreated.reversed())
        .toList();
    JsonArray page = new JsonArray();
    matching.stream().skip(offset).limit(limit).forEach(payment -> page.add(payment.copy()));
    JsonObject body = new JsonObject().put("payments", page);
    if (offset + limit < matching.size()) {
      body.put("cursor", Integer.toString(offset + limit));
    }
    json(ctx, 200, body);
  }

  private Answer evidenceText(JsonObject body) {
    JsonObject dispute = disputes.get(body.getString("_path_id"));
    if (dispute == null) {
      return notFound("dispute");
    }
    if (!dispute.getString("state").endsWith("EVIDENCE_REQUIRED")) {
      return invalid("INVALID_REQUEST_ERROR", "BAD_REQUEST", "Dispute does not accept evidence.", null);
    }
    JsonObject evidence = new JsonObject()
        .put("id", random(22))
        .put("dispute_id", dispute.getString("dispute_id"))
        .put("evidence_type", body.getString("evidence_type"))
        .put("evidence_text", body.getString("evidence_text"))
        .put("uploaded_at", Instant.now().toString());
    dispute.getJsonArray("evidence").add(evidence);
    return new Answer(200, new JsonObject().put("evidence", evidence.copy()));
  }

  private Answer submitEvidence(RoutingContext ctx) {
    JsonObject dispute = disputes.get(ctx.pathParam("id"));
    if (dispute == null) {
      return notFound("dispute");
    }
    if (!dispute.getString("state").endsWith("EVIDENCE_REQUIRED")) {
      return invalid("INVALID_REQUEST_ERROR", "BAD_REQUEST", "Dispute does not accept evidence.", null);
    }
    dispute.put("state", "PROCESSING").put("updated_at", Instant.now().toString());
    JsonObject answer = dispute.copy();
    answer.remove("evidence");
    return new Answer(200, new JsonObject().put("dispute", answer));
  }

  public List<JsonObject> evidence(String disputeId) {
    return disputes.get(disputeId).getJsonArray("evidence").stream().map(JsonObject.class::cast).toList();
  }

  private Answer existing(Map<String, JsonObject> objects, RoutingContext ctx, String name) {
    JsonObject object = objects.get(ctx.pathParam("id"));
    if (object == null) {
      return notFound(name);
    }
    JsonObject copy = object.copy();
    copy.remove("evidence");
    return new Answer(200, new JsonObject().put(name, copy));
  }

  private static void addFee(JsonObject payment) {
    JsonObject amount = payment.getJsonObject("amount_money");
    payment.put("processing_fee", new JsonArray().add(new JsonObject()
        .put("effective_at", Instant.now().toString())
        .put("type", "INITIAL")
        .put("amount_money", new JsonObject().put("amount", amount.getLong("amount") * 3 / 100)
            .put("currency", amount.getString("currency")))));
  }

  private static Answer notFound(String what) {
    return new Answer(404, errors("INVALID_REQUEST_ERROR", "NOT_FOUND", "Could not find " + what + ".", null));
  }

  private static Answer invalid(String category, String code, String detail, String field) {
    return new Answer(400, errors(category, code, detail, field));
  }

  private static JsonObject errors(String category, String code, String detail, String field) {
    JsonObject error = new JsonObject().put("category", category).put("code", code).put("detail", detail);
    if (field != null) {
      error.put("field", field);
    }
    return new JsonObject().put("errors", new JsonArray().add(error));
  }

  private static String random(int length) {
    String chars = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    return chars.substring(0, length);
  }
}
