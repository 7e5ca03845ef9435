package io.olympus.commerce.payment.gateway.square;

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
import io.olympus.commerce.payment.gateway.support.Hmac;
import io.olympus.commerce.payment.gateway.support.ProviderEndpoint;
import io.olympus.commerce.payment.gateway.support.ProviderHttp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Square over its Payments, Refunds and Disputes API v2 (JSON, {@code Authorization: Bearer <access token>},
 * {@code Square-Version} pinned): a payment is {@code POST /v2/payments} with our reference as
 * {@code idempotency_key} and {@code reference_id}, {@code autocomplete} false for a manual capture. Square completes
 * an approved payment in full only, so a partial capture first lowers {@code amount_money}
 * ({@code PUT /v2/payments/{id}}, which Square allows on approved payments) and then completes; capture and void
 * read the payment first and answer it as it is when it is already captured or cancelled (a retried call succeeds).
 *
 * <p>{@link #retrieve}: Square cannot look a payment up by {@code reference_id}, so the adapter lists the location's
 * payments of the last {@code lookback} (24 hours unless set), newest first, page by page (at most
 * {@value #MAX_PAGES} pages of 100), and picks the one whose {@code reference_id} is ours. A reconciler that
 * resolves pending payments within the lookback therefore gets a definite answer.
 *
 * <p>Webhooks: {@code x-square-hmacsha256-signature} is base64 HMAC-SHA256 under the subscription's signature key of
 * the notification URL followed by the raw body. Square signs no timestamp, so a delivery whose signed
 * {@code created_at} is older than the tolerance (72 hours, beyond Square's retry window) is refused as a replay.
 */
public final class SquareGateway implements PaymentGateway {

  public static final String PROVIDER = "square";
  /** The production API ({@code https://connect.squareupsandbox.com} is Square's sandbox). */
  public static final String DEFAULT_BASE_URL = "https://connect.squareup.com";
  public static final String API_VERSION = "2025-01-23";
  public static final Duration WEBHOOK_TOLERANCE = Duration.ofHours(72);
  static final int MAX_PAGES = 50;

  private static final Map<String, String> EVIDENCE_TYPES = Map.of(
      "product_description", "PRODUCT_OR_SERVICE_DESCRIPTION",
      "customer_communication", "CARDHOLDER_COMMUNICATION",
      "shipping_tracking_number", "TRACKING_NUMBER",
      "uncategorized_text", "GENERIC_EVIDENCE",
      "refund_policy", "CANCELLATION_OR_REFUND_DOCUMENTATION",
      "receipt", "RECEIPT");

  private final ProviderHttp http;
  private final SquareCredentials credentials;
  private final Duration lookback;

  public SquareGateway(WebClient client, ProviderEndpoint endpoint, SquareCredentials credentials) {
    this(client, endpoint, credentials, Duration.ofHours(24));
  }

  public SquareGateway(WebClient client, ProviderEndpoint endpoint, SquareCredentials credentials,
                       Duration retrieveLookback) {
    this.http = new ProviderHttp(PROVIDER, client, endpoint);
    this.credentials = credentials;
    this.lookback = retrieveLookback;
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public Future<GatewayPayment> authorize(AuthorizeRequest request) {
    JsonObject body = new JsonObject()
        .put("idempotency_key", request.reference())
        .put("source_id", request.paymentMethod())
        .put("amount_money", SquareObjects.moneyJson(request.amount()))
        .put("autocomplete", request.capture() != CaptureMode.MANUAL)
        .put("reference_id", request.reference());
    if (credentials.locationId() != null) {
      body.put("location_id", credentials.locationId());
    }
    if (request.customerReference() != null) {
      body.put("customer_id", request.customerReference());
    }
    if (request.description() != null) {
      body.put("note", request.description().length() > 500 ? request.description().substring(0, 500)
          : request.description());
    }
    return call(HttpMethod.POST, "/v2/payments", body)
        .map(response -> {
          if (response.statusCode() == 402) {
            return SquareObjects.declined(ProviderHttp.json(response), request.reference(), request.amount());
          }
          return SquareObjects.payment(bodyOrFail(response).getJsonObject("payment"));
        });
  }

  @Override
  public Future<GatewayPayment> capture(CaptureRequest request) {
    return payment(request.providerPaymentId())
        .compose(current -> {
          GatewayPayment known = SquareObjects.payment(current);
          if (known.status() == GatewayStatus.CAPTURED && known.captured().equals(request.amount())) {
            return Future.succeededFuture(current);
          }
          JsonObject amount = current.getJsonObject("amount_money");
          Future<JsonObject> lowered = amount != null && amount.getLong("amount", 0L) > request.amount().amount()
              && "APPROVED".equals(current.getString("status"))
              ? update(request)
              : Future.succeededFuture(current);
          return lowered.compose(ignored -> complete(request.providerPaymentId()));
        })
        .map(SquareObjects::payment);
  }

  @Override
  public Future<GatewayPayment> voidAuthorization(VoidRequest request) {
    return payment(request.providerPaymentId())
        .compose(current -> "CANCELED".equals(current.getString("status"))
            ? Future.succeededFuture(current)
            : call(HttpMethod.POST, "/v2/payments/" + request.providerPaymentId() + "/cancel", new JsonObject())
                .map(response -> bodyOrFail(response).getJsonObject("payment")))
        .map(SquareObjects::payment);
  }

  @Override
  public Future<GatewayRefund> refund(RefundRequest request) {
    JsonObject body = new JsonObject()
        .put("idempotency_key", request.reference())
        .put("payment_id", request.providerPaymentId())
        .put("amount_money", SquareObjects.moneyJson(request.amount()));
    if (request.reason() != null) {
      body.put("reason", request.reason().length() > 192 ? request.reason().substring(0, 192) : request.reason());
    }
    return call(HttpMethod.POST, "/v2/refunds", body)
        .map(response -> SquareObjects.refund(bodyOrFail(response).getJsonObject("refund"), request.reference()));
  }

  @Override
  public Future<Optional<GatewayPayment>> retrieve(String reference) {
    return page(reference, Instant.now().minus(lookback).toString(), null, 0);
  }

  @Override
  public Future<GatewayDispute> submitDisputeEvidence(DisputeEvidenceRequest request) {
    Future<Void> chain = id(request.providerDisputeId()).mapEmpty();
    for (Map.Entry<String, String> entry : new ArrayList<>(request.evidence().entrySet())) {
      String type = EVIDENCE_TYPES.getOrDefault(entry.getKey(), "GENERIC_EVIDENCE");
      String text = EVIDENCE_TYPES.containsKey(entry.getKey()) ? entry.getValue()
          : entry.getKey() + ": " + entry.getValue();
      JsonObject body = new JsonObject()
          .put("idempotency_key", UUID.nameUUIDFromBytes((request.providerDisputeId() + "\n" + entry.getKey() + "\n"
              + entry.getValue()).getBytes(StandardCharsets.UTF_8)).toString())
          .put("evidence_type", type)
          .put("evidence_text", text);
      chain = chain.compose(done -> call(HttpMethod.POST,
          "/v2/disputes/" + request.providerDisputeId() + "/evidence-text", body)
          .map(this::bodyOrFail)
          .mapEmpty());
    }
    return chain
        .compose(done -> request.submit()
            ? call(HttpMethod.POST, "/v2/disputes/" + request.providerDisputeId() + "/submit-evidence", null)
            : call(HttpMethod.GET, "/v2/disputes/" + request.providerDisputeId(), null))
        .map(response -> SquareObjects.dispute(bodyOrFail(response).getJsonObject("dispute")));
  }

  @Override
  public Future<GatewayEvent> parseWebhook(WebhookRequest request) {
    byte[] body = request.body() == null ? new byte[0] : request.body().getBytes();
    String problem = signatureProblem(request.headers().get("x-square-hmacsha256-signature"), body,
        credentials.notificationUrl() != null ? credentials.notificationUrl() : request.url());
    if (problem != null) {
      return Future.failedFuture(new GatewayException(Kind.INVALID_SIGNATURE, PROVIDER, problem));
    }
    JsonObject event;
    try {
      event = new JsonObject(Buffer.buffer(body));
    } catch (DecodeException | ClassCastException notJson) {
      return Future.failedFuture(new GatewayException(Kind.INVALID_REQUEST, PROVIDER, "webhook body is not JSON"));
    }
    Instant created = SquareObjects.instant(event.getString("created_at"));
    if (created == null || created.isBefore(request.receivedAt().minus(WEBHOOK_TOLERANCE))) {
      return Future.failedFuture(new GatewayException(Kind.INVALID_SIGNATURE, PROVIDER,
          "created_at missing or older than " + WEBHOOK_TOLERANCE.toHours() + " h"));
    }
    return Future.succeededFuture(event(event, created));
  }

  /** The signature Square sends for {@code body} posted to {@code url} under {@code signatureKey}. */
  public static String signature(String signatureKey, String url, byte[] body) {
    byte[] urlBytes = url.getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[urlBytes.length + body.length];
    System.arraycopy(urlBytes, 0, signed, 0, urlBytes.length);
    System.arraycopy(body, 0, signed, urlBytes.length, body.length);
    return Base64.getEncoder().encodeToString(Hmac.sha256(signatureKey, signed));
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  private String signatureProblem(String header, byte[] body, String url) {
    if (header == null || header.isBlank()) {
      return "no x-square-hmacsha256-signature header";
    }
    if (credentials.webhookSignatureKey() == null || credentials.webhookSignatureKey().isEmpty()) {
      return "no webhook signature key configured";
    }
    if (url == null) {
      return "no notification URL";
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(header.trim());
    } catch (IllegalArgumentException notBase64) {
      return "signature is not base64";
    }
    byte[] expected = Base64.getDecoder().decode(signature(credentials.webhookSignatureKey(), url, body));
    return Hmac.equal(expected, given) ? null : "signature does not match";
  }

  static GatewayEvent event(JsonObject event, Instant created) {
    String type = event.getString("type", "");
    String id = event.getString("event_id");
    JsonObject data = event.getJsonObject("data", new JsonObject());
    JsonObject object = data.getJsonObject("object", new JsonObject());
    return switch (type) {
      case "payment.created", "payment.updated" -> object.getJsonObject("payment") == null
          ? ignored(id, created)
          : new GatewayEvent(PROVIDER, id, GatewayEvent.Type.PAYMENT_UPDATED, created,
              SquareObjects.payment(object.getJsonObject("payment")), null, null);
      case "refund.created", "refund.updated" -> object.getJsonObject("refund") == null
          ? ignored(id, created)
          : new GatewayEvent(PROVIDER, id, GatewayEvent.Type.REFUND_UPDATED, created, null,
              SquareObjects.refund(object.getJsonObject("refund"), null), null);
      case "dispute.created", "dispute.state.updated", "dispute.state.changed" -> {
        JsonObject dispute = object.getJsonObject("dispute");
        if (dispute == null) {
          yield ignored(id, created);
        }
        GatewayDispute read = SquareObjects.dispute(dispute);
        GatewayEvent.Type kind = type.equals("dispute.created") ? GatewayEvent.Type.DISPUTE_OPENED
            : read.status() == GatewayDispute.Status.WON || read.status() == GatewayDispute.Status.LOST
                ? GatewayEvent.Type.DISPUTE_CLOSED : GatewayEvent.Type.DISPUTE_UPDATED;
        yield new GatewayEvent(PROVIDER, id, kind, created, null, null, read);
      }
      default -> ignored(id, created);
    };
  }

  private static GatewayEvent ignored(String id, Instant created) {
    return new GatewayEvent(PROVIDER, id, GatewayEvent.Type.IGNORED, created, null, null, null);
  }

  private Future<Optional<GatewayPayment>> page(String reference, String beginTime, String cursor, int pages) {
    HttpRequest<Buffer> request = authorized(http.request(HttpMethod.GET, "/v2/payments"))
        .addQueryParam("begin_time", beginTime)
        .addQueryParam("sort_order", "DESC")
        .addQueryParam("limit", "100");
    if (credentials.locationId() != null) {
      request.addQueryParam("location_id", credentials.locationId());
    }
    if (cursor != null) {
      request.addQueryParam("cursor", cursor);
    }
    return http.send(request, HttpRequest::send)
        .map(this::bodyOrFail)
        .compose(body -> {
          JsonArray payments = body.getJsonArray("payments", new JsonArray());
          for (int i = 0; i < payments.size(); i++) {
            JsonObject payment = payments.getJsonObject(i);
            if (reference.equals(payment.getString("reference_id"))) {
              return Future.succeededFuture(Optional.of(SquareObjects.payment(payment)));
            }
          }
          String next = body.getString("cursor");
          if (next == null || next.isEmpty() || pages + 1 >= MAX_PAGES) {
            return Future.succeededFuture(Optional.<GatewayPayment>empty());
          }
          return page(reference, beginTime, next, pages + 1);
        });
  }

  private Future<JsonObject> payment(String providerPaymentId) {
    return id(providerPaymentId)
        .compose(id -> call(HttpMethod.GET, "/v2/payments/" + id, null))
        .map(response -> bodyOrFail(response).getJsonObject("payment"));
  }

  private Future<JsonObject> update(CaptureRequest request) {
    JsonObject body = new JsonObject()
        .put("idempotency_key", request.idempotencyKey())
        .put("payment", new JsonObject().put("amount_money", SquareObjects.moneyJson(request.amount())));
    return call(HttpMethod.PUT, "/v2/payments/" + request.providerPaymentId(), body)
        .map(response -> bodyOrFail(response).getJsonObject("payment"));
  }

  private Future<JsonObject> complete(String providerPaymentId) {
    return call(HttpMethod.POST, "/v2/payments/" + providerPaymentId + "/complete", new JsonObject())
        .map(response -> bodyOrFail(response).getJsonObject("payment"));
  }

  private Future<HttpResponse<Buffer>> call(HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> request = authorized(http.request(method, path));
    return http.send(request, r -> body == null ? r.send() : r.sendJsonObject(body));
  }

  private HttpRequest<Buffer> authorized(HttpRequest<Buffer> request) {
    return request
        .bearerTokenAuthentication(credentials.accessToken())
        .putHeader("Square-Version", API_VERSION);
  }

  private JsonObject bodyOrFail(HttpResponse<Buffer> response) {
    JsonObject body = ProviderHttp.json(response);
    if (ProviderHttp.success(response)) {
      return body;
    }
    JsonArray errors = body.getJsonArray("errors", new JsonArray());
    List<String> details = new ArrayList<>();
    for (int i = 0; i < errors.size(); i++) {
      JsonObject error = errors.getJsonObject(i);
      details.add(error.getString("code", "") + (error.getString("detail") == null ? "" : " " + error.getString("detail")));
    }
    throw http.failure(response, String.join("; ", details));
  }

  /** A Square id placed in a path: letters, digits, {@code _} and {@code -}; anything else cannot be one. */
  private static Future<String> id(String providerId) {
    if (providerId == null || !providerId.matches("[A-Za-z0-9_-]{1,192}")) {
      return Future.failedFuture(new GatewayException(Kind.NOT_FOUND, PROVIDER, "not a Square id"));
    }
    return Future.succeededFuture(providerId);
  }
}
