package io.olympus.commerce.payment.http;

import static io.olympus.commerce.http.CommercePermissions.PAYMENTS_READ;
import static io.olympus.commerce.http.CommercePermissions.PAYMENTS_REFUND;
import static io.olympus.commerce.http.CommercePermissions.PAYMENTS_REFUND_LARGE;
import static io.olympus.commerce.http.CommercePermissions.PAYMENTS_WRITE;

import io.olympus.commerce.http.CommerceRoutes;
import io.olympus.commerce.http.Http;
import io.olympus.commerce.http.OwnAccess;
import io.olympus.commerce.http.RouteBinder;
import io.olympus.commerce.payment.gateway.WebhookRequest;
import io.olympus.commerce.payment.model.Payment;
import io.olympus.commerce.payment.model.PaymentMethod;
import io.olympus.commerce.payment.model.ProcessPayment;
import io.olympus.commerce.payment.service.PaymentService;
import io.olympus.commerce.payment.model.LedgerMismatch;
import io.olympus.common.error.ApiException;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.http.idempotency.HttpAnswer;
import io.olympus.common.http.idempotency.Idempotency;
import io.olympus.common.json.JsonInput;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Handlers of the payment operations: processing ({@code Idempotency-Key} required), capture, void, refunds
 * ({@code Idempotency-Key} required; above the tenant's limit {@code payments:refund_large}), disputes and their
 * evidence, the reconciliation report, settings, a customer's saved payment methods, and the providers' webhooks
 * ({@code security: []}: the adapter verifies the signature). {@link #refuseCardNumbers} runs after authentication
 * and before the contract's validation on every payment path, so a card number is refused (422 naming the field)
 * before anything reads it.
 */
public final class PaymentRoutes implements CommerceRoutes {

  /** The path prefix of the providers' webhooks, open to callers without credentials. */
  public static final String WEBHOOKS = "/api/v1/payments/webhooks/";

  /** The path prefix of the tenants' provider accounts, whose credentials are not scanned for card numbers. */
  private static final String PROVIDERS = "/api/v1/payments/providers";

  private final PaymentService payments;
  private final OwnAccess access;
  private Idempotency idempotency;

  public PaymentRoutes(PaymentService payments, OwnAccess access) {
    this.payments = payments;
    this.access = access;
  }

  @Override
  public void bind(RouteBinder binder) {
    idempotency = binder.idempotency();
    binder.write("processPayment", PAYMENTS_WRITE, Idempotency.Mode.REQUIRED, this::process);
    binder.read("listPayments", PAYMENTS_READ, this::list);
    binder.read("getPayment", PAYMENTS_READ, this::get);
    binder.write("capturePayment", PAYMENTS_WRITE, this::capture);
    binder.write("voidPayment", PAYMENTS_WRITE, this::voidPayment);
    binder.write("createRefund", PAYMENTS_REFUND, Idempotency.Mode.REQUIRED, this::refund);
    binder.read("getDispute", PAYMENTS_READ, this::dispute);
    binder.write("submitDisputeEvidence", PAYMENTS_WRITE, this::evidence);
    binder.read("getPaymentReconciliation", PAYMENTS_READ, this::reconciliation);
    binder.read("getPaymentSettings", PAYMENTS_READ, this::settings);
    binder.write("updatePaymentSettings", PAYMENTS_REFUND_LARGE, this::updateSettings);
    binder.read("listPaymentMethods", PAYMENTS_READ, this::methods);
    binder.write("createPaymentMethod", PAYMENTS_WRITE, this::saveMethod);
    binder.write("deletePaymentMethod", PAYMENTS_WRITE, this::deleteMethod);
    binder.open("receivePaymentWebhook", this::webhook);
  }

  /**
   * Step before validation (after authentication) on the payment paths ({@code /api/v1/payments...},
   * {@code .../payment-methods}): a JSON body holding anything that looks like a card number is refused with 422
   * {@code card-number-refused} naming the field; the value is never echoed or logged. A tenant's provider credentials ({@code /api/v1/payments/providers/...}) are
   * secrets, not cardholder data: a key that happens to hold a Luhn-valid run of digits is accepted there.
   */
  public static void refuseCardNumbers(RoutingContext ctx) {
    String path = ctx.request().path();
    boolean payment = path.startsWith("/api/v1/payments") || path.contains("/payment-methods");
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (!payment || body == null || body.length() == 0 || path.startsWith(WEBHOOKS) || path.startsWith(PROVIDERS)) {
      ctx.next();
      return;
    }
    Object json;
    try {
      json = Json.decodeValue(body);
    } catch (DecodeException e) {
      ctx.next();
      return;
    }
    String field = CardNumbers.find(json);
    if (field == null) {
      ctx.next();
      return;
    }
    ctx.fail(new ApiException(422, "card-number-refused", "Unprocessable Content",
        "card numbers are not accepted: send a provider token instead",
        List.of(new FieldError(field, "looks like a card number; send the provider's token instead"))));
  }

  private void process(RoutingContext ctx) {
    ProcessPayment input = ProcessPayment.fromJson(Http.body(ctx));
    UUID tenant = Http.tenant(ctx);
    String key = Idempotency.key(ctx);
    idempotency.run(ctx, tenant, () -> payments.prepare(tenant, key, input),
        (conn, attempt) -> payments.settleIn(conn, tenant, attempt).map(PaymentRoutes::processed));
  }

  /** 201 for an authorized or captured payment, 202 while pending, 402 for a decline or a refusal. */
  private static HttpAnswer processed(Payment payment) {
    String location = "/api/v1/payments/" + payment.id();
    return switch (payment.status()) {
      case Payment.AUTHORIZED, Payment.CAPTURED -> HttpAnswer.created(location, payment.toJson());
      case Payment.PENDING -> new HttpAnswer(202, Map.of("Content-Type", "application/json", "Location", location),
          payment.toJson().toBuffer());
      default -> {
        JsonObject problem = new JsonObject()
            .put("type", "urn:olympus:problem:payment-" + payment.status())
            .put("title", "Payment Required")
            .put("status", 402)
            .put("detail", payment.status().equals(Payment.DECLINED)
                ? "the payment was declined" + (payment.declineCode() == null ? "" : ": " + payment.declineCode())
                : "the payment failed: " + payment.failureMessage())
            .put("payment", payment.toJson());
        yield new HttpAnswer(402, Map.of("Content-Type", "application/problem+json", "Location", location),
            problem.toBuffer());
      }
    };
  }

  private void list(RoutingContext ctx) {
    String order = ctx.queryParams().get("order_id");
    if (order == null) {
      throw new ValidationException("order_id", "is required");
    }
    UUID orderId;
    try {
      orderId = UUID.fromString(order);
    } catch (IllegalArgumentException e) {
      throw new ValidationException("order_id", "must be a UUID");
    }
    payments.ofOrder(Http.tenant(ctx), orderId)
        .onSuccess(list -> Http.json(ctx, 200, new JsonObject()
            .put("items", new JsonArray(list.stream().map(Payment::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    payments.get(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(payment -> Http.json(ctx, 200, payment.toJson()))
        .onFailure(ctx::fail);
  }

  private void capture(RoutingContext ctx) {
    JsonInput in = new JsonInput(Http.body(ctx));
    Long amount = in.optionalLong("amount", 1, 1_000_000_000_000L);
    in.validate();
    payments.capture(Http.tenant(ctx), Http.uuidParam(ctx, "id"), amount)
        .onSuccess(payment -> Http.json(ctx, 200, payment.toJson()))
        .onFailure(ctx::fail);
  }

  private void voidPayment(RoutingContext ctx) {
    payments.voidPayment(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(payment -> Http.json(ctx, 200, payment.toJson()))
        .onFailure(ctx::fail);
  }

  private void refund(RoutingContext ctx) {
    JsonInput in = new JsonInput(Http.body(ctx));
    Long amount = in.optionalLong("amount", 1, 1_000_000_000_000L);
    String reason = in.optionalString("reason", 1, 500);
    in.validate();
    UUID tenant = Http.tenant(ctx);
    UUID id = Http.uuidParam(ctx, "id");
    String key = Idempotency.key(ctx);
    idempotency.run(ctx, tenant,
        () -> access.holds(ctx, PAYMENTS_REFUND_LARGE)
            .compose(large -> payments.refund(tenant, id, key, amount, reason, large)),
        (conn, refund) -> io.vertx.core.Future.succeededFuture(refund.status().equals("failed")
            ? new HttpAnswer(402, Map.of("Content-Type", "application/problem+json"), new JsonObject()
                .put("type", "urn:olympus:problem:refund-failed").put("title", "Payment Required")
                .put("status", 402).put("detail", "the provider refused the refund: " + refund.failureReason())
                .put("refund", refund.toJson()).toBuffer())
            : new HttpAnswer(refund.status().equals("pending") ? 202 : 201,
                Map.of("Content-Type", "application/json", "Location", "/api/v1/payments/" + id),
                refund.toJson().toBuffer())));
  }

  private void dispute(RoutingContext ctx) {
    payments.dispute(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(dispute -> Http.json(ctx, 200, dispute.toJson()))
        .onFailure(ctx::fail);
  }

  private void evidence(RoutingContext ctx) {
    JsonInput in = new JsonInput(Http.body(ctx));
    JsonObject fields = in.optionalObject("evidence");
    Boolean submit = in.optionalBoolean("submit");
    Map<String, String> evidence = new LinkedHashMap<>();
    if (fields == null) {
      in.error("evidence", "is required: an object of text fields");
    } else if (fields.isEmpty() || fields.size() > 20) {
      in.error("evidence", "must hold 1 to 20 fields");
    } else {
      fields.forEach(entry -> {
        if (!entry.getKey().matches("^[a-z][a-z0-9_]{0,63}$")) {
          in.error("evidence." + entry.getKey(), "must be a lowercase field name");
        } else if (!(entry.getValue() instanceof String text) || text.isEmpty() || text.length() > 20_000
            || text.indexOf('\u0000') >= 0) {
          in.error("evidence." + entry.getKey(), "must be text of 1 to 20000 characters");
        } else {
          evidence.put(entry.getKey(), (String) entry.getValue());
        }
      });
    }
    in.validate();
    payments.submitEvidence(Http.tenant(ctx), Http.uuidParam(ctx, "id"), evidence, submit == null || submit)
        .onSuccess(dispute -> Http.json(ctx, 200, dispute.toJson()))
        .onFailure(ctx::fail);
  }

  private void reconciliation(RoutingContext ctx) {
    Instant from = instant(ctx, "from");
    Instant to = instant(ctx, "to");
    if (!to.isAfter(from)) {
      throw new ValidationException("to", "must be after from");
    }
    payments.reconciliation(Http.tenant(ctx), from, to)
        .onSuccess(list -> Http.json(ctx, 200, new JsonObject()
            .put("from", from.toString()).put("to", to.toString())
            .put("items", new JsonArray(list.stream().map(LedgerMismatch::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  private static Instant instant(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      throw new ValidationException(name, "is required (RFC 3339)");
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ValidationException(name, "must be an RFC 3339 time such as 2026-01-31T00:00:00Z");
    }
  }

  private void settings(RoutingContext ctx) {
    payments.settings(Http.tenant(ctx))
        .onSuccess(amounts -> Http.json(ctx, 200, new JsonObject().put("refund_large_amounts", amounts)))
        .onFailure(ctx::fail);
  }

  private void updateSettings(RoutingContext ctx) {
    JsonInput in = new JsonInput(Http.body(ctx));
    JsonObject amounts = in.optionalObject("refund_large_amounts");
    if (amounts == null) {
      in.error("refund_large_amounts", "is required: an object of currency code to amount in minor units");
    } else {
      JsonInput each = new JsonInput(amounts);
      for (String currency : amounts.fieldNames()) {
        if (!currency.matches("^[A-Z]{3}$")) {
          in.error("refund_large_amounts." + currency, "must be keyed by an ISO 4217 code");
        } else {
          each.requiredLong(currency, 0, 1_000_000_000_000L);
        }
      }
      each.errors().forEach(e -> in.error("refund_large_amounts." + e.field(), e.message()));
    }
    in.validate();
    payments.saveSettings(Http.tenant(ctx), amounts)
        .onSuccess(saved -> Http.json(ctx, 200, new JsonObject().put("refund_large_amounts", saved)))
        .onFailure(ctx::fail);
  }

  private void methods(RoutingContext ctx) {
    payments.methods(Http.tenant(ctx), Http.uuidParam(ctx, "id"))
        .onSuccess(list -> Http.json(ctx, 200, new JsonObject()
            .put("items", new JsonArray(list.stream().map(PaymentMethod::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  private void saveMethod(RoutingContext ctx) {
    UUID customer = Http.uuidParam(ctx, "id");
    PaymentMethod method = PaymentMethod.fromJson(customer, Http.body(ctx));
    payments.saveMethod(Http.tenant(ctx), method)
        .onSuccess(saved -> Http.created(ctx, "/api/v1/customers/" + customer + "/payment-methods/" + saved.id(),
            saved.toJson()))
        .onFailure(ctx::fail);
  }

  private void deleteMethod(RoutingContext ctx) {
    payments.deleteMethod(Http.tenant(ctx), Http.uuidParam(ctx, "id"), Http.uuidParam(ctx, "method_id"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void webhook(RoutingContext ctx) {
    String provider = ctx.pathParam("provider");
    UUID tenant;
    try {
      tenant = UUID.fromString(ctx.pathParam("tenant_id"));
    } catch (IllegalArgumentException e) {
      ctx.fail(new NotFoundException("no such webhook endpoint"));
      return;
    }
    Buffer body = ctx.body() == null || ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    WebhookRequest request = new WebhookRequest(ctx.request().headers(), body, ctx.request().absoluteURI(),
        Instant.now());
    payments.receiveWebhook(tenant, provider, request)
        .onSuccess(outcome -> Http.json(ctx, 200, new JsonObject().put("status", outcome)))
        .onFailure(ctx::fail);
  }
}
