package io.olympus.commerce.payment.gateway.paypal;

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
import io.olympus.commerce.payment.gateway.GatewayStatus;
import io.olympus.commerce.payment.gateway.PaymentGateway;
import io.olympus.commerce.payment.gateway.RefundRequest;
import io.olympus.commerce.payment.gateway.VoidRequest;
import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.olympus.commerce.payment.gateway.support.ProviderEndpoint;
import io.olympus.commerce.payment.gateway.support.ProviderHttp;
import io.olympus.commerce.support.Money;
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
import io.vertx.ext.web.multipart.MultipartForm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * PayPal over its REST APIs: Orders v2 for payments ({@code POST /v2/checkout/orders} with intent {@code CAPTURE} or
 * {@code AUTHORIZE}, a vaulted {@code payment_source}, {@code PayPal-Request-Id} = our reference, our reference as
 * {@code custom_id}), Payments v2 for captures, voids and refunds of authorizations and captures, Disputes v1 for
 * evidence, and {@code POST /v1/notifications/verify-webhook-signature} for webhooks. Amounts are decimal strings
 * converted exactly by the currency's exponent.
 *
 * <p>The payment method is a vault id of a saved card ({@code card:<id>} or a bare id) or of a PayPal wallet
 * ({@code paypal:<id>}); PayPal then completes the order in the create call. The provider payment id is the order
 * id; capture, void and refund read the order to find the authorization or capture they act on.
 *
 * <p>Tokens: OAuth2 client credentials ({@code POST /v1/oauth2/token}), cached until {@value #TOKEN_MARGIN_SECONDS}
 * seconds before {@code expires_in}, shared by concurrent calls, and fetched again once when PayPal answers 401.
 *
 * <p>{@link #retrieve}: PayPal has no lookup by our id, but documents that a POST repeated with a
 * {@code PayPal-Request-Id} already used answers "the latest status of the previous request". The adapter therefore
 * repeats the create with our reference and a probe body without payment source: for a reference PayPal knows, the
 * answer is the original order as it is now; for an unknown one PayPal creates an unapproved order, which can never
 * be charged and expires, and the adapter answers empty. PayPal keeps request ids for 6 hours on Orders (longer on
 * request to PayPal), which bounds how late a reconciler may ask.
 *
 * <p>Webhooks: PayPal's signature is checked by PayPal itself ({@code verify-webhook-signature} with the
 * {@code PAYPAL-*} transmission headers, the tenant's webhook id and the raw event); the adapter first refuses a
 * delivery whose transmission time is further than the tolerance (72 hours, PayPal's retry window) from its arrival.
 */
public final class PayPalGateway implements PaymentGateway {

  public static final String PROVIDER = "paypal";
  /** The production API ({@code https://api-m.sandbox.paypal.com} is PayPal's sandbox). */
  public static final String DEFAULT_BASE_URL = "https://api-m.paypal.com";
  public static final Duration WEBHOOK_TOLERANCE = Duration.ofHours(72);
  static final long TOKEN_MARGIN_SECONDS = 60;
  static final String PROBE = "olympus-retrieve-probe";

  /** 422 issues that are the payer's instrument refusing, i.e. declines rather than our mistakes. */
  private static final Set<String> DECLINE_ISSUES = Set.of("INSTRUMENT_DECLINED", "TRANSACTION_REFUSED",
      "PAYER_CANNOT_PAY", "CARD_EXPIRED", "PAYER_ACCOUNT_RESTRICTED", "PAYER_ACCOUNT_LOCKED_OR_CLOSED",
      "DECLINED_DUE_TO_RELATED_TXN", "TRANSACTION_BLOCKED_BY_PAYEE", "PAYEE_BLOCKED_TRANSACTION",
      "COMPLIANCE_VIOLATION", "REDIRECT_PAYER_FOR_ALTERNATE_FUNDING");

  private static final Map<String, String> EVIDENCE_NOTES = Map.of(
      "product_description", "Product description",
      "customer_communication", "Customer communication",
      "uncategorized_text", "Notes");

  private record CachedToken(Future<String> token, Instant expiresAt) {}

  private final ProviderHttp http;
  private final PayPalCredentials credentials;
  private final Clock clock;
  private final Duration tolerance;
  private final AtomicReference<CachedToken> cached = new AtomicReference<>();

  public PayPalGateway(WebClient client, ProviderEndpoint endpoint, PayPalCredentials credentials) {
    this(client, endpoint, credentials, Clock.systemUTC(), WEBHOOK_TOLERANCE);
  }

  public PayPalGateway(WebClient client, ProviderEndpoint endpoint, PayPalCredentials credentials, Clock clock,
                       Duration webhookTolerance) {
    this.http = new ProviderHttp(PROVIDER, client, endpoint);
    this.credentials = credentials;
    this.clock = clock;
    this.tolerance = webhookTolerance;
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public Future<GatewayPayment> authorize(AuthorizeRequest request) {
    JsonObject unit = new JsonObject()
        .put("reference_id", request.reference())
        .put("custom_id", request.reference())
        .put("amount", PayPalObjects.amount(request.amount()));
    if (request.description() != null) {
      unit.put("description", request.description().length() > 127 ? request.description().substring(0, 127)
          : request.description());
    }
    JsonObject body = new JsonObject()
        .put("intent", request.capture() == CaptureMode.MANUAL ? "AUTHORIZE" : "CAPTURE")
        .put("purchase_units", new JsonArray().add(unit))
        .put("payment_source", paymentSource(request.paymentMethod()));
    String action = request.capture() == CaptureMode.MANUAL ? "authorize" : "capture";
    return json(HttpMethod.POST, "/v2/checkout/orders", request.reference(), body)
        .compose(response -> {
          GatewayPayment decline = decline(response, request.reference(), request.amount());
          if (decline != null) {
            return Future.succeededFuture(decline);
          }
          JsonObject order = bodyOrFail(response);
          if (!"APPROVED".equals(order.getString("status"))) {
            return Future.succeededFuture(PayPalObjects.payment(order));
          }
          return json(HttpMethod.POST, "/v2/checkout/orders/" + order.getString("id") + "/" + action,
              request.reference() + "-" + action, new JsonObject())
              .map(completed -> {
                GatewayPayment declined = decline(completed, request.reference(), request.amount());
                return declined != null ? declined : PayPalObjects.payment(bodyOrFail(completed));
              });
        });
  }

  @Override
  public Future<GatewayPayment> capture(CaptureRequest request) {
    return order(request.providerPaymentId())
        .compose(order -> {
          JsonObject authorization = PayPalObjects.first(PayPalObjects.list(PayPalObjects.purchaseUnit(order),
              "authorizations"));
          if (authorization == null) {
            return Future.failedFuture(new GatewayException(Kind.INVALID_REQUEST, PROVIDER,
                "order has no authorization to capture"));
          }
          JsonObject body = new JsonObject()
              .put("amount", PayPalObjects.amount(request.amount()))
              .put("final_capture", true);
          return json(HttpMethod.POST, "/v2/payments/authorizations/" + authorization.getString("id") + "/capture",
              request.idempotencyKey(), body)
              .map(this::bodyOrFail);
        })
        .compose(capture -> order(request.providerPaymentId()))
        .map(PayPalObjects::payment);
  }

  @Override
  public Future<GatewayPayment> voidAuthorization(VoidRequest request) {
    return order(request.providerPaymentId())
        .compose(order -> {
          JsonObject authorization = PayPalObjects.first(PayPalObjects.list(PayPalObjects.purchaseUnit(order),
              "authorizations"));
          if (authorization == null) {
            return Future.failedFuture(new GatewayException(Kind.INVALID_REQUEST, PROVIDER,
                "order has no authorization to void"));
          }
          if ("VOIDED".equals(authorization.getString("status"))) {
            return Future.succeededFuture(order);
          }
          return json(HttpMethod.POST, "/v2/payments/authorizations/" + authorization.getString("id") + "/void",
              request.idempotencyKey(), null)
              .map(this::bodyOrFail)
              .compose(voided -> order(request.providerPaymentId()));
        })
        .map(PayPalObjects::payment);
  }

  @Override
  public Future<GatewayRefund> refund(RefundRequest request) {
    return order(request.providerPaymentId())
        .compose(order -> {
          JsonArray captures = PayPalObjects.list(PayPalObjects.purchaseUnit(order), "captures");
          JsonObject capture = null;
          for (int i = 0; i < captures.size() && capture == null; i++) {
            String status = captures.getJsonObject(i).getString("status", "");
            if (status.equals("COMPLETED") || status.equals("PARTIALLY_REFUNDED")) {
              capture = captures.getJsonObject(i);
            }
          }
          if (capture == null) {
            return Future.failedFuture(new GatewayException(Kind.INVALID_REQUEST, PROVIDER,
                "order has no refundable capture"));
          }
          JsonObject body = new JsonObject()
              .put("amount", PayPalObjects.amount(request.amount()))
              .put("custom_id", request.reference());
          if (request.reason() != null) {
            body.put("note_to_payer", request.reason().length() > 255 ? request.reason().substring(0, 255)
                : request.reason());
          }
          return json(HttpMethod.POST, "/v2/payments/captures/" + capture.getString("id") + "/refund",
              request.reference(), body);
        })
        .map(response -> PayPalObjects.refund(bodyOrFail(response), request.reference(), request.amount()));
  }

  @Override
  public Future<Optional<GatewayPayment>> retrieve(String reference) {
    JsonObject probe = new JsonObject()
        .put("intent", "CAPTURE")
        .put("purchase_units", new JsonArray().add(new JsonObject()
            .put("reference_id", PROBE)
            .put("custom_id", PROBE)
            .put("amount", new JsonObject().put("currency_code", "USD").put("value", "1.00"))));
    return json(HttpMethod.POST, "/v2/checkout/orders", reference, probe)
        .map(this::bodyOrFail)
        .map(order -> PROBE.equals(PayPalObjects.purchaseUnit(order).getString("custom_id"))
            ? Optional.<GatewayPayment>empty()
            : Optional.of(PayPalObjects.payment(order)));
  }

  @Override
  public Future<GatewayDispute> submitDisputeEvidence(DisputeEvidenceRequest request) {
    Future<Void> sent = Future.succeededFuture();
    if (request.submit()) {
      JsonObject input = new JsonObject().put("evidences", evidences(request.evidence()));
      sent = id(request.providerDisputeId())
          .compose(id -> call(HttpMethod.POST, "/v1/customer/disputes/" + id + "/provide-evidence", null,
              r -> r.sendMultipartForm(MultipartForm.create().attribute("input", input.encode()))))
          .map(this::bodyOrFail)
          .mapEmpty();
    }
    return sent
        .compose(done -> id(request.providerDisputeId()))
        .compose(id -> call(HttpMethod.GET, "/v1/customer/disputes/" + id, null, HttpRequest::send))
        .map(this::bodyOrFail)
        .compose(dispute -> orderOfCapture(PayPalObjects.disputedCapture(dispute))
            .map(order -> PayPalObjects.dispute(dispute, order)));
  }

  @Override
  public Future<GatewayEvent> parseWebhook(WebhookRequest request) {
    MultiMap headers = request.headers();
    String transmissionId = headers.get("PAYPAL-TRANSMISSION-ID");
    String transmissionTime = headers.get("PAYPAL-TRANSMISSION-TIME");
    String signature = headers.get("PAYPAL-TRANSMISSION-SIG");
    String certUrl = headers.get("PAYPAL-CERT-URL");
    String algorithm = headers.get("PAYPAL-AUTH-ALGO");
    if (transmissionId == null || transmissionTime == null || signature == null || certUrl == null
        || algorithm == null) {
      return invalidSignature("PAYPAL-* transmission headers missing");
    }
    if (credentials.webhookId() == null || credentials.webhookId().isEmpty()) {
      return invalidSignature("no webhook id configured");
    }
    Instant sent = PayPalObjects.instant(transmissionTime);
    if (sent == null || Duration.between(sent, request.receivedAt()).abs().compareTo(tolerance) > 0) {
      return invalidSignature("transmission time missing or outside the tolerance of " + tolerance.toHours() + " h");
    }
    Buffer raw = request.body() == null ? Buffer.buffer() : request.body();
    JsonObject event;
    try {
      event = new JsonObject(raw);
    } catch (DecodeException | ClassCastException notJson) {
      return invalidSignature("webhook body is not JSON");
    }
    String head = new JsonObject()
        .put("auth_algo", algorithm)
        .put("cert_url", certUrl)
        .put("transmission_id", transmissionId)
        .put("transmission_sig", signature)
        .put("transmission_time", transmissionTime)
        .put("webhook_id", credentials.webhookId())
        .encode();
    // the event goes to PayPal byte for byte as it arrived: the signature covers the CRC32 of the raw body
    Buffer verification = Buffer.buffer(head.substring(0, head.length() - 1) + ",\"webhook_event\":")
        .appendBuffer(raw).appendString("}");
    return call(HttpMethod.POST, "/v1/notifications/verify-webhook-signature", null,
        r -> r.putHeader("Content-Type", "application/json").sendBuffer(verification))
        .map(this::bodyOrFail)
        .compose(answer -> "SUCCESS".equals(answer.getString("verification_status"))
            ? event(event)
            : invalidSignature("PayPal did not verify the signature"));
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  private Future<GatewayEvent> event(JsonObject event) {
    String type = event.getString("event_type", "");
    String id = event.getString("id");
    Instant at = PayPalObjects.instant(event.getString("create_time"));
    JsonObject resource = event.getJsonObject("resource", new JsonObject());
    switch (type) {
      case "PAYMENT.CAPTURE.COMPLETED", "PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED",
           "PAYMENT.CAPTURE.PENDING" -> {
        return Future.succeededFuture(new GatewayEvent(PROVIDER, id, GatewayEvent.Type.PAYMENT_UPDATED, at,
            PayPalObjects.payment(orderAround(resource, "captures")), null, null));
      }
      case "PAYMENT.AUTHORIZATION.CREATED", "PAYMENT.AUTHORIZATION.VOIDED" -> {
        return Future.succeededFuture(new GatewayEvent(PROVIDER, id, GatewayEvent.Type.PAYMENT_UPDATED, at,
            PayPalObjects.payment(orderAround(resource, "authorizations")), null, null));
      }
      case "PAYMENT.CAPTURE.REFUNDED", "PAYMENT.CAPTURE.REVERSED" -> {
        return Future.succeededFuture(new GatewayEvent(PROVIDER, id, GatewayEvent.Type.REFUND_UPDATED, at, null,
            PayPalObjects.refund(resource, null, null), null));
      }
      case "CUSTOMER.DISPUTE.CREATED", "CUSTOMER.DISPUTE.UPDATED", "CUSTOMER.DISPUTE.RESOLVED" -> {
        GatewayEvent.Type kind = type.endsWith("CREATED") ? GatewayEvent.Type.DISPUTE_OPENED
            : type.endsWith("RESOLVED") ? GatewayEvent.Type.DISPUTE_CLOSED : GatewayEvent.Type.DISPUTE_UPDATED;
        return orderOfCapture(PayPalObjects.disputedCapture(resource))
            .map(order -> new GatewayEvent(PROVIDER, id, kind, at, null, null,
                PayPalObjects.dispute(resource, order)));
      }
      default -> {
        return Future.succeededFuture(new GatewayEvent(PROVIDER, id, GatewayEvent.Type.IGNORED, at, null, null,
            null));
      }
    }
  }

  /** A capture or authorization resource wrapped as the completed order it belongs to. */
  private static JsonObject orderAround(JsonObject transaction, String listName) {
    JsonObject supplementary = transaction.getJsonObject("supplementary_data", new JsonObject());
    JsonObject related = supplementary.getJsonObject("related_ids", new JsonObject());
    return new JsonObject()
        .put("id", related.getString("order_id", transaction.getString("id")))
        .put("status", "COMPLETED")
        .put("purchase_units", new JsonArray().add(new JsonObject()
            .put("custom_id", transaction.getString("custom_id"))
            .put("amount", transaction.getJsonObject("amount"))
            .put("payments", new JsonObject().put(listName, new JsonArray().add(transaction)))));
  }

  /** The order a capture belongs to (PayPal disputes name captures); the capture id when PayPal does not say. */
  private Future<String> orderOfCapture(String captureId) {
    if (captureId == null) {
      return Future.succeededFuture(null);
    }
    return id(captureId)
        .compose(id -> call(HttpMethod.GET, "/v2/payments/captures/" + id, null, HttpRequest::send))
        .map(this::bodyOrFail)
        .map(capture -> capture.getJsonObject("supplementary_data", new JsonObject())
            .getJsonObject("related_ids", new JsonObject()).getString("order_id", captureId))
        .recover(err -> err instanceof GatewayException e && e.kind() == Kind.NOT_FOUND
            ? Future.succeededFuture(captureId) : Future.failedFuture(err));
  }

  private static JsonArray evidences(Map<String, String> evidence) {
    JsonArray evidences = new JsonArray();
    StringBuilder notes = new StringBuilder();
    evidence.forEach((field, value) -> {
      if (field.equals("shipping_tracking_number")) {
        evidences.add(new JsonObject()
            .put("evidence_type", "PROOF_OF_FULFILLMENT")
            .put("evidence_info", new JsonObject().put("tracking_info", new JsonArray().add(new JsonObject()
                .put("carrier_name", "OTHER").put("tracking_number", value)))));
      } else {
        notes.append(notes.isEmpty() ? "" : "\n")
            .append(EVIDENCE_NOTES.getOrDefault(field, field)).append(": ").append(value);
      }
    });
    if (!notes.isEmpty()) {
      evidences.add(new JsonObject().put("evidence_type", "OTHER").put("notes", notes.toString()));
    }
    return evidences;
  }

  private static JsonObject paymentSource(String method) {
    if (method != null && method.startsWith("paypal:")) {
      return new JsonObject().put("paypal", new JsonObject().put("vault_id", method.substring(7)));
    }
    String vaultId = method != null && method.startsWith("card:") ? method.substring(5) : method;
    return new JsonObject().put("card", new JsonObject().put("vault_id", vaultId));
  }

  /** A 422 whose issue is the instrument refusing, as a declined payment; null for anything else. */
  private static GatewayPayment decline(HttpResponse<Buffer> response, String reference, Money amount) {
    if (response.statusCode() != 422) {
      return null;
    }
    JsonObject body = ProviderHttp.json(response);
    JsonArray details = body.getJsonArray("details", new JsonArray());
    JsonObject detail = details.isEmpty() ? new JsonObject() : details.getJsonObject(0);
    String issue = detail.getString("issue");
    if (issue == null || !DECLINE_ISSUES.contains(issue)) {
      return null;
    }
    Money zero = new Money(0, amount.currency());
    return new GatewayPayment(null, reference, GatewayStatus.DECLINED, zero, zero, null,
        PayPalObjects.lower(issue), detail.getString("description", body.getString("message")));
  }

  private Future<JsonObject> order(String orderId) {
    return id(orderId)
        .compose(id -> call(HttpMethod.GET, "/v2/checkout/orders/" + id, null, HttpRequest::send))
        .map(this::bodyOrFail);
  }

  private Future<HttpResponse<Buffer>> json(HttpMethod method, String path, String requestId, JsonObject body) {
    return call(method, path, requestId, r -> body == null
        ? r.putHeader("Content-Type", "application/json").send()
        : r.sendJsonObject(body));
  }

  /** One call with the cached token; on 401 the token is fetched again and the call made once more. */
  private Future<HttpResponse<Buffer>> call(HttpMethod method, String path, String requestId,
                                            Function<HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> sender) {
    return accessToken()
        .compose(token -> send(method, path, requestId, token, sender)
            .compose(response -> {
              if (response.statusCode() != 401) {
                return Future.succeededFuture(response);
              }
              forget(token);
              return accessToken().compose(fresh -> send(method, path, requestId, fresh, sender));
            }));
  }

  private Future<HttpResponse<Buffer>> send(HttpMethod method, String path, String requestId, String token,
                                            Function<HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> sender) {
    HttpRequest<Buffer> request = http.request(method, path)
        .bearerTokenAuthentication(token)
        .putHeader("Prefer", "return=representation");
    if (requestId != null) {
      request.putHeader("PayPal-Request-Id", requestId);
    }
    return http.send(request, sender);
  }

  /** The cached access token, or one fetched now (concurrent callers share the fetch). */
  Future<String> accessToken() {
    Instant now = clock.instant();
    CachedToken current = cached.get();
    if (current != null && (current.expiresAt() == null || now.isBefore(current.expiresAt()))) {
      return current.token();
    }
    io.vertx.core.Promise<String> promise = io.vertx.core.Promise.promise();
    CachedToken inFlight = new CachedToken(promise.future(), null);
    if (!cached.compareAndSet(current, inFlight)) {
      return accessToken();
    }
    fetchToken().onComplete(result -> {
      if (result.succeeded()) {
        cached.compareAndSet(inFlight, new CachedToken(Future.succeededFuture(result.result().getString(
            "access_token")), clock.instant().plusSeconds(Math.max(0,
            result.result().getLong("expires_in", 0L) - TOKEN_MARGIN_SECONDS))));
        promise.complete(result.result().getString("access_token"));
      } else {
        cached.compareAndSet(inFlight, null);
        promise.fail(result.cause());
      }
    });
    return promise.future();
  }

  private void forget(String token) {
    CachedToken current = cached.get();
    if (current != null && current.expiresAt() != null && token.equals(current.token().result())) {
      cached.compareAndSet(current, null);
    }
  }

  private Future<JsonObject> fetchToken() {
    HttpRequest<Buffer> request = http.request(HttpMethod.POST, "/v1/oauth2/token")
        .basicAuthentication(credentials.clientId(), credentials.clientSecret());
    return http.send(request, r -> r.sendForm(MultiMap.caseInsensitiveMultiMap()
            .add("grant_type", "client_credentials")))
        .map(response -> {
          JsonObject body = ProviderHttp.json(response);
          if (ProviderHttp.success(response) && body.getString("access_token") != null) {
            return body;
          }
          throw http.failure(response, body.getString("error", "") + " " + body.getString("error_description", ""));
        });
  }

  private JsonObject bodyOrFail(HttpResponse<Buffer> response) {
    JsonObject body = ProviderHttp.json(response);
    if (ProviderHttp.success(response)) {
      return body;
    }
    JsonArray details = body.getJsonArray("details", new JsonArray());
    String issue = details.isEmpty() ? "" : details.getJsonObject(0).getString("issue", "");
    throw http.failure(response, (body.getString("name", "") + " " + issue).trim());
  }

  private static <T> Future<T> invalidSignature(String problem) {
    return Future.failedFuture(new GatewayException(Kind.INVALID_SIGNATURE, PROVIDER, problem));
  }

  /** A PayPal id placed in a path: letters, digits and {@code -}; anything else cannot be one. */
  private static Future<String> id(String providerId) {
    if (providerId == null || !providerId.matches("[A-Za-z0-9-]{1,64}")) {
      return Future.failedFuture(new GatewayException(Kind.NOT_FOUND, PROVIDER, "not a PayPal id"));
    }
    return Future.succeededFuture(providerId);
  }
}
