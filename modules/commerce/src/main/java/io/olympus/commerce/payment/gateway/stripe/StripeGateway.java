package io.olympus.commerce.payment.gateway.stripe;

import io.olympus.commerce.payment.gateway.AuthorizeRequest;
import io.olympus.commerce.payment.gateway.CaptureMode;
import io.olympus.commerce.payment.gateway.CaptureRequest;
import io.olympus.commerce.payment.gateway.DisputeEvidenceRequest;
import io.olympus.commerce.payment.gateway.GatewayDispute;
import io.olympus.commerce.payment.gateway.GatewayEvent;
import io.olympus.commerce.payment.gateway.GatewayException;
import io.olympus.commerce.payment.gateway.GatewayException.Kind;
import io.olympus.commerce.payment.gateway.GatewayPayment;
import io.olympus.commerce.payment.gateway.GatewayRefund;
import io.olympus.commerce.payment.gateway.PaymentGateway;
import io.olympus.commerce.payment.gateway.RefundRequest;
import io.olympus.commerce.payment.gateway.VoidRequest;
import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.olympus.commerce.payment.gateway.support.ProviderEndpoint;
import io.olympus.commerce.payment.gateway.support.ProviderHttp;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stripe over its REST API (form-encoded requests, JSON answers, {@code Authorization: Bearer <secret key>}):
 * payments are PaymentIntents created and confirmed in one call ({@code confirm=true}) with
 * {@code capture_method=automatic|manual} and our reference both as {@code Idempotency-Key} and as
 * {@code metadata[olympus_reference]}; captures ({@code amount_to_capture}), cancels and Refunds carry their own
 * idempotency keys. A card decline (402 {@code card_error}) is a {@code DECLINED} payment with the issuer's
 * {@code decline_code}.
 *
 * <p>{@link #retrieve} searches PaymentIntents by {@code metadata['olympus_reference']} ({@code GET
 * /v1/payment_intents/search}). Stripe's search index lags writes (Stripe documents "under a minute" in normal
 * operation), so a reconciler must only ask about payments older than that; an empty answer earlier proves nothing.
 * Repeating the create with the same key instead would need the original parameters and only works for 24 hours.
 */
public final class StripeGateway implements PaymentGateway {

  public static final String PROVIDER = "stripe";
  /** The production API. */
  public static final String DEFAULT_BASE_URL = "https://api.stripe.com";
  /** The API version every request pins, so the account's default version cannot change the shapes read here. */
  public static final String API_VERSION = "2024-06-20";

  private static final Set<String> REFUND_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

  private final ProviderHttp http;
  private final StripeCredentials credentials;
  private final Duration tolerance;

  public StripeGateway(WebClient client, ProviderEndpoint endpoint, StripeCredentials credentials) {
    this(client, endpoint, credentials, StripeSignature.TOLERANCE);
  }

  public StripeGateway(WebClient client, ProviderEndpoint endpoint, StripeCredentials credentials,
                       Duration webhookTolerance) {
    this.http = new ProviderHttp(PROVIDER, client, endpoint);
    this.credentials = credentials;
    this.tolerance = webhookTolerance;
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public Future<GatewayPayment> authorize(AuthorizeRequest request) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("amount", Long.toString(request.amount().amount()))
        .add("currency", request.amount().currency().toLowerCase(Locale.ROOT))
        .add("payment_method", request.paymentMethod())
        .add("confirm", "true")
        .add("capture_method", request.capture() == CaptureMode.MANUAL ? "manual" : "automatic")
        .add("automatic_payment_methods[enabled]", "true")
        .add("automatic_payment_methods[allow_redirects]", "never")
        .add("metadata[" + StripeObjects.REFERENCE + "]", request.reference());
    if (request.customerReference() != null) {
      form.add("customer", request.customerReference());
    }
    if (request.description() != null) {
      form.add("description", request.description());
    }
    if (request.metadata() != null) {
      for (Map.Entry<String, String> entry : request.metadata().entrySet()) {
        if (!entry.getKey().equals(StripeObjects.REFERENCE)) {
          form.add("metadata[" + entry.getKey() + "]", entry.getValue());
        }
      }
    }
    return post("/v1/payment_intents", request.reference(), form)
        .map(this::paymentOrDecline);
  }

  @Override
  public Future<GatewayPayment> capture(CaptureRequest request) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("amount_to_capture", Long.toString(request.amount().amount()));
    return id(request.providerPaymentId())
        .compose(id -> post("/v1/payment_intents/" + id + "/capture", request.idempotencyKey(), form))
        .map(this::paymentOrFail);
  }

  @Override
  public Future<GatewayPayment> voidAuthorization(VoidRequest request) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("cancellation_reason", "requested_by_customer");
    return id(request.providerPaymentId())
        .compose(id -> post("/v1/payment_intents/" + id + "/cancel", request.idempotencyKey(), form))
        .map(this::paymentOrFail);
  }

  @Override
  public Future<GatewayRefund> refund(RefundRequest request) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("payment_intent", request.providerPaymentId())
        .add("amount", Long.toString(request.amount().amount()))
        .add("metadata[" + StripeObjects.REFERENCE + "]", request.reference());
    if (request.reason() != null && REFUND_REASONS.contains(request.reason())) {
      form.add("reason", request.reason());
    } else if (request.reason() != null) {
      form.add("metadata[reason]", request.reason());
    }
    return post("/v1/refunds", request.reference(), form)
        .map(response -> StripeObjects.refund(bodyOrFail(response)));
  }

  @Override
  public Future<Optional<GatewayPayment>> retrieve(String reference) {
    String query = "metadata['" + StripeObjects.REFERENCE + "']:'" + reference.replace("\\", "\\\\")
        .replace("'", "\\'") + "'";
    HttpRequest<Buffer> request = authorized(http.request(HttpMethod.GET, "/v1/payment_intents/search"))
        .addQueryParam("query", query)
        .addQueryParam("limit", "10");
    return http.send(request, HttpRequest::send)
        .map(this::bodyOrFail)
        .map(StripeGateway::firstMatch);
  }

  @Override
  public Future<GatewayDispute> submitDisputeEvidence(DisputeEvidenceRequest request) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("submit", Boolean.toString(request.submit()));
    request.evidence().forEach((field, value) -> form.add("evidence[" + field + "]", value));
    return id(request.providerDisputeId())
        .compose(id -> post("/v1/disputes/" + id, null, form))
        .map(response -> StripeObjects.dispute(bodyOrFail(response)));
  }

  @Override
  public Future<GatewayEvent> parseWebhook(WebhookRequest request) {
    byte[] body = request.body() == null ? new byte[0] : request.body().getBytes();
    String problem = StripeSignature.problem(request.headers().get("Stripe-Signature"), body,
        credentials.webhookSecret(), request.receivedAt(), tolerance);
    if (problem != null) {
      return Future.failedFuture(new GatewayException(Kind.INVALID_SIGNATURE, PROVIDER, problem));
    }
    JsonObject event;
    try {
      event = new JsonObject(Buffer.buffer(body));
    } catch (DecodeException | ClassCastException notJson) {
      return Future.failedFuture(new GatewayException(Kind.INVALID_REQUEST, PROVIDER, "webhook body is not JSON"));
    }
    return Future.succeededFuture(event(event));
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  static GatewayEvent event(JsonObject event) {
    String type = event.getString("type", "");
    String id = event.getString("id");
    Instant at = Instant.ofEpochSecond(event.getLong("created", 0L));
    JsonObject data = event.getJsonObject("data");
    JsonObject object = data == null ? null : data.getJsonObject("object");
    if (object == null) {
      return new GatewayEvent(PROVIDER, id, GatewayEvent.Type.IGNORED, at, null, null, null);
    }
    if (type.startsWith("payment_intent.")) {
      return new GatewayEvent(PROVIDER, id, GatewayEvent.Type.PAYMENT_UPDATED, at, StripeObjects.payment(object), null,
          null);
    }
    if (type.equals("charge.refunded")) {
      JsonObject refund = StripeObjects.latestRefund(object);
      return refund == null
          ? new GatewayEvent(PROVIDER, id, GatewayEvent.Type.IGNORED, at, null, null, null)
          : new GatewayEvent(PROVIDER, id, GatewayEvent.Type.REFUND_UPDATED, at, null, StripeObjects.refund(refund),
              null);
    }
    if (type.startsWith("refund.") || type.equals("charge.refund.updated")) {
      return new GatewayEvent(PROVIDER, id, GatewayEvent.Type.REFUND_UPDATED, at, null, StripeObjects.refund(object),
          null);
    }
    GatewayEvent.Type disputeType = switch (type) {
      case "charge.dispute.created" -> GatewayEvent.Type.DISPUTE_OPENED;
      case "charge.dispute.updated", "charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated" ->
          GatewayEvent.Type.DISPUTE_UPDATED;
      case "charge.dispute.closed" -> GatewayEvent.Type.DISPUTE_CLOSED;
      default -> null;
    };
    return disputeType == null
        ? new GatewayEvent(PROVIDER, id, GatewayEvent.Type.IGNORED, at, null, null, null)
        : new GatewayEvent(PROVIDER, id, disputeType, at, null, null, StripeObjects.dispute(object));
  }

  private static Optional<GatewayPayment> firstMatch(JsonObject searchResult) {
    JsonArray data = searchResult.getJsonArray("data");
    if (data == null || data.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(StripeObjects.payment(data.getJsonObject(0)));
  }

  private Future<HttpResponse<Buffer>> post(String path, String idempotencyKey, MultiMap form) {
    HttpRequest<Buffer> request = authorized(http.request(HttpMethod.POST, path));
    if (idempotencyKey != null) {
      request.putHeader("Idempotency-Key", idempotencyKey);
    }
    return http.send(request, r -> r.sendForm(form));
  }

  private HttpRequest<Buffer> authorized(HttpRequest<Buffer> request) {
    return request
        .bearerTokenAuthentication(credentials.secretKey())
        .putHeader("Stripe-Version", API_VERSION);
  }

  /** A PaymentIntent, or for a card error the declined PaymentIntent Stripe attaches to it. */
  private GatewayPayment paymentOrDecline(HttpResponse<Buffer> response) {
    if (response.statusCode() == 402) {
      JsonObject error = ProviderHttp.json(response).getJsonObject("error", new JsonObject());
      if ("card_error".equals(error.getString("type"))) {
        JsonObject intent = error.getJsonObject("payment_intent");
        return StripeObjects.declined(intent == null ? new JsonObject() : intent, error);
      }
    }
    return StripeObjects.payment(bodyOrFail(response));
  }

  private GatewayPayment paymentOrFail(HttpResponse<Buffer> response) {
    return StripeObjects.payment(bodyOrFail(response));
  }

  private JsonObject bodyOrFail(HttpResponse<Buffer> response) {
    JsonObject body = ProviderHttp.json(response);
    if (ProviderHttp.success(response)) {
      return body;
    }
    JsonObject error = body.getJsonObject("error", new JsonObject());
    String detail = error.getString("code", error.getString("type", "")) + " " + error.getString("message", "");
    GatewayException failure = http.failure(response, detail.trim());
    if ("resource_missing".equals(error.getString("code"))) {
      // Stripe answers 400 resource_missing when a parameter names an object it does not have
      throw new GatewayException(Kind.NOT_FOUND, PROVIDER, response.statusCode(), -1, failure.getMessage(), null);
    }
    if (response.statusCode() == 409 && failure.kind() == Kind.INVALID_REQUEST) {
      // another request with the same idempotency key is still in flight: the same key later gets its answer
      throw new GatewayException(Kind.TRANSIENT, PROVIDER, 409, failure.retryAfterMillis(), failure.getMessage(),
          null);
    }
    throw failure;
  }

  /** A provider id placed in a path: Stripe ids are {@code [A-Za-z0-9_]}; anything else cannot be one. */
  private static Future<String> id(String providerId) {
    if (providerId == null || !providerId.matches("[A-Za-z0-9_]{1,255}")) {
      return Future.failedFuture(new GatewayException(Kind.NOT_FOUND, PROVIDER, "not a Stripe id"));
    }
    return Future.succeededFuture(providerId);
  }
}
