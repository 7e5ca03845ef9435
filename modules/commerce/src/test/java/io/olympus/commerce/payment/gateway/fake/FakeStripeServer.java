package io.olympus.commerce.payment.gateway.fake;

import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.olympus.commerce.payment.gateway.stripe.StripeSignature;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stripe's API as documented, for the calls the adapter makes: PaymentIntents (create + confirm, capture, cancel,
 * retrieve, search by metadata), Refunds and Dispute updates; form-encoded requests, {@code Bearer} secret key,
 * {@code Idempotency-Key} (same key and parameters: the stored answer with {@code Idempotent-Replayed: true}; other
 * parameters: 400 {@code idempotency_error}), {@code {"error": {type, code, decline_code, message, param}}} errors,
 * and webhooks signed with {@code Stripe-Signature}. Test payment methods are Stripe's own: {@code pm_card_visa}
 * succeeds, {@code pm_card_chargeDeclinedInsufficientFunds} and {@code pm_card_chargeDeclined} are declined.
 */
public final class FakeStripeServer extends FakeProviderServer {

  public static final String SECRET_KEY = "sk_test_51FakeOlympus0000000000000000";
  public static final String WEBHOOK_SECRET = "whsec_fakeOlympusSigningSecret0000";
  public static final String CARD_OK = "pm_card_visa";
  public static final String CARD_INSUFFICIENT_FUNDS = "pm_card_chargeDeclinedInsufficientFunds";
  public static final String CARD_DECLINED = "pm_card_chargeDeclined";

  private static final Pattern METADATA_QUERY = Pattern.compile("metadata\\['([^']+)'\\]:'((?:[^'\\\\]|\\\\.)*)'");

  private final Map<String, JsonObject> intents = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> refunds = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> disputes = new ConcurrentHashMap<>();

  public FakeStripeServer(Vertx vertx) {
    super(vertx);
  }

  @Override
  protected void routes(Router router) {
    router.route("/v1/*").handler(this::authenticate);
    router.post("/v1/payment_intents").handler(ctx -> idempotently(ctx, this::createIntent));
    router.get("/v1/payment_intents/search").handler(this::search);
    router.get("/v1/payment_intents/:id").handler(ctx -> json(ctx, 200, found(intents, ctx)));
    router.post("/v1/payment_intents/:id/capture").handler(ctx -> idempotently(ctx, this::capture));
    router.post("/v1/payment_intents/:id/cancel").handler(ctx -> idempotently(ctx, this::cancel));
    router.post("/v1/refunds").handler(ctx -> idempotently(ctx, this::refund));
    router.post("/v1/disputes/:id").handler(ctx -> idempotently(ctx, this::updateDispute));
  }

  @Override
  protected JsonObject errorBody(int status) {
    String type = status == 429 ? "invalid_request_error" : "api_error";
    String code = status == 429 ? "rate_limit" : null;
    return error(type, code, null, status == 429 ? "Too many requests hit the API too quickly."
        : "An unknown error occurred");
  }

  // ---- test-side helpers ------------------------------------------------------------------------------------------

  public JsonObject intent(String id) {
    return intents.get(id);
  }

  /** Opens a dispute ({@code needs_response}) on a captured PaymentIntent, as a cardholder's bank would. */
  public JsonObject openDispute(String paymentIntentId, String reason) {
    JsonObject intent = intents.get(paymentIntentId);
    JsonObject dispute = new JsonObject()
        .put("id", "dp_" + random())
        .put("object", "dispute")
        .put("amount", intent.getLong("amount_received"))
        .put("currency", intent.getString("currency"))
        .put("charge", intent.getString("latest_charge"))
        .put("payment_intent", paymentIntentId)
        .put("reason", reason)
        .put("status", "needs_response")
        .put("evidence", new JsonObject())
        .put("evidence_details", new JsonObject()
            .put("due_by", Instant.now().plusSeconds(7 * 86_400).getEpochSecond())
            .put("has_evidence", false)
            .put("submission_count", 0))
        .put("created", Instant.now().getEpochSecond());
    disputes.put(dispute.getString("id"), dispute);
    return dispute.copy();
  }

  /** A Stripe event of {@code type} about {@code object}, as Stripe posts it. */
  public static JsonObject event(String type, JsonObject object) {
    return new JsonObject()
        .put("id", "evt_" + random())
        .put("object", "event")
        .put("api_version", "2024-06-20")
        .put("created", Instant.now().getEpochSecond())
        .put("type", type)
        .put("livemode", false)
        .put("pending_webhooks", 1)
        .put("data", new JsonObject().put("object", object));
  }

  /** The delivery of {@code event} signed as Stripe signs it, with {@code secret} at {@code signedAt}. */
  public static WebhookRequest webhook(JsonObject event, String secret, Instant signedAt, Instant receivedAt) {
    Buffer body = Buffer.buffer(event.encode());
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json; charset=utf-8")
        .add("Stripe-Signature", StripeSignature.header(signedAt.getEpochSecond(), body.getBytes(), secret));
    return new WebhookRequest(headers, body, "https://shop.example/api/v1/payments/webhooks/stripe", receivedAt);
  }

  public static WebhookRequest webhook(JsonObject event) {
    Instant now = Instant.now();
    return webhook(event, WEBHOOK_SECRET, now, now);
  }

  // ---- API -------------------------------------------------------------------------------------------------------

  private void authenticate(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (!("Bearer " + SECRET_KEY).equals(authorization)) {
      String given = authorization == null ? "" : authorization.replaceFirst("^Bearer ", "");
      String masked = given.length() > 4 ? given.substring(0, Math.min(8, given.length())) + "****"
          + given.substring(given.length() - 4) : "";
      json(ctx, 401, error("invalid_request_error", null, null, "Invalid API Key provided: " + masked));
      return;
    }
    ctx.next();
  }

  /** Runs {@code operation} once per idempotency key; replays its answer for the same parameters. */
  private void idempotently(RoutingContext ctx, Function<RoutingContext, Answer> operation) {
    String key = ctx.request().getHeader("Idempotency-Key");
    String fingerprint = fingerprint(ctx.request().path(), ctx.request().formAttributes());
    if (key != null) {
      Stored stored = idempotent(key, fingerprint);
      if (stored == MISMATCH) {
        json(ctx, 400, error("idempotency_error", null, null, "Keys for idempotent requests can only be used with "
            + "the same parameters they were first used with. Try using a key other than '" + key
            + "' if you meant to execute a different request."));
        return;
      }
      if (stored != null) {
        ctx.response().putHeader("Idempotent-Replayed", "true");
        json(ctx, stored.status(), stored.body());
        return;
      }
    }
    Answer answer = operation.apply(ctx);
    if (key != null && answer.status() < 500) {
      remember(key, fingerprint, answer.status(), answer.body());
    }
    json(ctx, answer.status(), answer.body());
  }

  private record Answer(int status, JsonObject body) {}

  private Answer createIntent(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    Long amount = positive(form.get("amount"));
    if (amount == null) {
      return invalid("parameter_invalid_integer", "amount", "Invalid integer: " + form.get("amount"));
    }
    String currency = form.get("currency");
    if (currency == null || !currency.matches("[a-z]{3}")) {
      return invalid("parameter_missing", "currency", "Missing required param: currency.");
    }
    String method = form.get("payment_method");
    if ("true".equals(form.get("confirm")) && method == null) {
      return invalid("parameter_missing", "payment_method", "Missing required param: payment_method.");
    }
    if (method != null && !method.startsWith("pm_")) {
      return invalid("resource_missing", "payment_method", "No such PaymentMethod: '" + method + "'");
    }
    JsonObject metadata = new JsonObject();
    form.entries().stream()
        .filter(entry -> entry.getKey().startsWith("metadata[") && entry.getKey().endsWith("]"))
        .forEach(entry -> metadata.put(entry.getKey().substring(9, entry.getKey().length() - 1), entry.getValue()));
    boolean manual = "manual".equals(form.get("capture_method"));
    JsonObject intent = new JsonObject()
        .put("id", "pi_" + random())
        .put("object", "payment_intent")
        .put("amount", amount)
        .put("amount_capturable", 0L)
        .put("amount_received", 0L)
        .put("currency", currency)
        .put("capture_method", manual ? "manual" : "automatic")
        .put("confirmation_method", "automatic")
        .put("created", Instant.now().getEpochSecond())
        .put("customer", form.get("customer"))
        .put("description", form.get("description"))
        .put("metadata", metadata)
        .put("payment_method", method)
        .put("latest_charge", null)
        .put("last_payment_error", null)
        .put("cancellation_reason", null)
        .put("livemode", false)
        .put("status", "requires_payment_method");
    intents.put(intent.getString("id"), intent);
    if (!"true".equals(form.get("confirm"))) {
      return new Answer(200, intent.copy());
    }
    String declineCode = switch (method) {
      case CARD_INSUFFICIENT_FUNDS -> "insufficient_funds";
      case CARD_DECLINED -> "generic_decline";
      default -> null;
    };
    String charge = "ch_" + random();
    intent.put("latest_charge", charge);
    if (declineCode != null) {
      String message = declineCode.equals("insufficient_funds") ? "Your card has insufficient funds."
          : "Your card was declined.";
      JsonObject lastError = new JsonObject()
          .put("type", "card_error").put("code", "card_declined").put("decline_code", declineCode)
          .put("message", message).put("charge", charge);
      intent.put("last_payment_error", lastError).put("payment_method", null);
      JsonObject error = lastError.copy().put("payment_intent", intent.copy())
          .put("doc_url", "https://stripe.com/docs/error-codes/card-declined");
      return new Answer(402, new JsonObject().put("error", error));
    }
    if (manual) {
      intent.put("status", "requires_capture").put("amount_capturable", amount);
    } else {
      intent.put("status", "succeeded").put("amount_received", amount);
    }
    return new Answer(200, intent.copy());
  }

  private Answer capture(RoutingContext ctx) {
    JsonObject intent = intents.get(ctx.pathParam("id"));
    if (intent == null) {
      return new Answer(404, missing("payment_intent", ctx.pathParam("id")));
    }
    if (!"requires_capture".equals(intent.getString("status"))) {
      return unexpectedState(intent, "capture");
    }
    String given = ctx.request().getFormAttribute("amount_to_capture");
    long capturable = intent.getLong("amount_capturable");
    Long amount = given == null ? Long.valueOf(capturable) : positive(given);
    if (amount == null) {
      return invalid("parameter_invalid_integer", "amount_to_capture", "Invalid integer: " + given);
    }
    if (amount > capturable) {
      return invalid("amount_too_large", "amount_to_capture",
          "The amount to capture must be less than or equal to the amount_capturable.");
    }
    intent.put("status", "succeeded").put("amount_received", amount).put("amount_capturable", 0L);
    return new Answer(200, intent.copy());
  }

  private Answer cancel(RoutingContext ctx) {
    JsonObject intent = intents.get(ctx.pathParam("id"));
    if (intent == null) {
      return new Answer(404, missing("payment_intent", ctx.pathParam("id")));
    }
    String status = intent.getString("status");
    if (status.equals("succeeded") || status.equals("canceled")) {
      return unexpectedState(intent, "cancel");
    }
    intent.put("status", "canceled").put("amount_capturable", 0L)
        .put("cancellation_reason", ctx.request().getFormAttribute("cancellation_reason"));
    return new Answer(200, intent.copy());
  }

  private Answer refund(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    String intentId = form.get("payment_intent");
    if (intentId == null) {
      return invalid("parameter_missing", "payment_intent", "Missing required param: payment_intent.");
    }
    JsonObject intent = intents.get(intentId);
    if (intent == null) {
      return invalid("resource_missing", "payment_intent", "No such payment_intent: '" + intentId + "'");
    }
    if (!"succeeded".equals(intent.getString("status"))) {
      return unexpectedState(intent, "refund");
    }
    long refunded = intent.getLong("amount_refunded", 0L);
    long refundable = intent.getLong("amount_received") - refunded;
    Long amount = form.get("amount") == null ? Long.valueOf(refundable) : positive(form.get("amount"));
    if (amount == null) {
      return invalid("parameter_invalid_integer", "amount", "Invalid integer: " + form.get("amount"));
    }
    if (refundable == 0) {
      return invalid("charge_already_refunded", null, "Charge " + intent.getString("latest_charge")
          + " has already been refunded.");
    }
    if (amount > refundable) {
      return invalid("amount_too_large", "amount", "Refund amount (" + amount
          + ") is greater than unrefunded amount on charge (" + refundable + ")");
    }
    intent.put("amount_refunded", refunded + amount);
    JsonObject metadata = new JsonObject();
    form.entries().stream()
        .filter(entry -> entry.getKey().startsWith("metadata["))
        .forEach(entry -> metadata.put(entry.getKey().substring(9, entry.getKey().length() - 1), entry.getValue()));
    JsonObject refund = new JsonObject()
        .put("id", "re_" + random())
        .put("object", "refund")
        .put("amount", amount)
        .put("currency", intent.getString("currency"))
        .put("charge", intent.getString("latest_charge"))
        .put("payment_intent", intentId)
        .put("created", Instant.now().getEpochSecond())
        .put("metadata", metadata)
        .put("reason", form.get("reason"))
        .put("status", "succeeded");
    refunds.put(refund.getString("id"), refund);
    return new Answer(200, refund.copy());
  }

  private Answer updateDispute(RoutingContext ctx) {
    JsonObject dispute = disputes.get(ctx.pathParam("id"));
    if (dispute == null) {
      return new Answer(404, missing("dispute", ctx.pathParam("id")));
    }
    if (!dispute.getString("status").endsWith("needs_response")) {
      return invalid(null, null, "This dispute is already closed or under review and cannot take evidence.");
    }
    MultiMap form = ctx.request().formAttributes();
    JsonObject evidence = dispute.getJsonObject("evidence");
    form.entries().stream()
        .filter(entry -> entry.getKey().startsWith("evidence["))
        .forEach(entry -> evidence.put(entry.getKey().substring(9, entry.getKey().length() - 1), entry.getValue()));
    JsonObject details = dispute.getJsonObject("evidence_details").put("has_evidence", !evidence.isEmpty());
    if ("true".equals(form.get("submit"))) {
      dispute.put("status", "under_review");
      details.put("submission_count", details.getInteger("submission_count") + 1);
    }
    return new Answer(200, dispute.copy());
  }

  private void search(RoutingContext ctx) {
    String query = ctx.request().getParam("query");
    Matcher matcher = query == null ? null : METADATA_QUERY.matcher(query);
    if (matcher == null || !matcher.matches()) {
      json(ctx, 400, new JsonObject().put("error", new JsonObject().put("type", "invalid_request_error")
          .put("message", "Invalid search query: " + query).put("param", "query")));
      return;
    }
    String field = matcher.group(1);
    String value = matcher.group(2).replace("\\'", "'").replace("\\\\", "\\");
    JsonArray data = new JsonArray();
    intents.values().stream()
        .filter(intent -> value.equals(intent.getJsonObject("metadata").getString(field)))
        .forEach(intent -> data.add(intent.copy()));
    json(ctx, 200, new JsonObject()
        .put("object", "search_result")
        .put("url", "/v1/payment_intents/search")
        .put("has_more", false)
        .put("next_page", null)
        .put("data", data));
  }

  private JsonObject found(Map<String, JsonObject> objects, RoutingContext ctx) {
    JsonObject object = objects.get(ctx.pathParam("id"));
    return object == null ? missing("payment_intent", ctx.pathParam("id")) : object.copy();
  }

  private static Answer unexpectedState(JsonObject intent, String action) {
    JsonObject body = error("invalid_request_error", "payment_intent_unexpected_state", null,
        "You cannot " + action + " this PaymentIntent because it has a status of " + intent.getString("status") + ".");
    body.getJsonObject("error").put("payment_intent", intent.copy());
    return new Answer(400, body);
  }

  private static Answer invalid(String code, String param, String message) {
    JsonObject body = error("invalid_request_error", code, null, message);
    if (param != null) {
      body.getJsonObject("error").put("param", param);
    }
    return new Answer(400, body);
  }

  private static JsonObject missing(String what, String id) {
    return error("invalid_request_error", "resource_missing", null, "No such " + what + ": '" + id + "'");
  }

  private static JsonObject error(String type, String code, String declineCode, String message) {
    JsonObject error = new JsonObject().put("type", type).put("message", message);
    if (code != null) {
      error.put("code", code);
    }
    if (declineCode != null) {
      error.put("decline_code", declineCode);
    }
    return new JsonObject().put("error", error);
  }

  private static Long positive(String value) {
    try {
      long parsed = Long.parseLong(value);
      return parsed > 0 ? parsed : null;
    } catch (NumberFormatException | NullPointerException bad) {
      return null;
    }
  }

  private static String random() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }
}
