package io.olympus.commerce.payment.gateway.sandbox;

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
import io.olympus.commerce.support.Money;
import io.olympus.common.db.Tenancy;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in sandbox provider of one tenant: deterministic answers by test token ({@link SandboxTokens}), its own
 * records in {@code sandbox_payments} keyed by our reference (so a repeated reference never charges twice and
 * {@link #retrieve} answers the sandbox's truth after a crash), and disputes delivered a few seconds later as signed
 * webhooks through the same path as a real provider's ({@code Sandbox-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "t.body">}, five minutes' tolerance). When a dispute is due to open or close is stored with the
 * payment ({@code dispute_opens_at}, {@code dispute_closes_at}): a timer of this process delivers it on time, and
 * after a restart {@link SandboxPaymentGateways#deliverDueDisputes} (the payment reconciler's pass) does; each opens
 * and closes at most once.
 */
public final class SandboxGateway implements PaymentGateway {

  public static final String NAME = "sandbox";
  public static final String SIGNATURE_HEADER = "Sandbox-Signature";
  static final long TOLERANCE_SECONDS = 300;

  private static final Logger LOG = LoggerFactory.getLogger(SandboxGateway.class);

  private final Vertx vertx;
  private final Pool pool;
  private final UUID tenantId;
  private final SandboxConfig config;
  private final SandboxWebhooks webhooks;
  private final SandboxRepository repository = new SandboxRepository();

  SandboxGateway(Vertx vertx, Pool pool, UUID tenantId, SandboxConfig config, SandboxWebhooks webhooks) {
    this.vertx = vertx;
    this.pool = pool;
    this.tenantId = tenantId;
    this.config = config;
    this.webhooks = webhooks;
  }

  /** One stored sandbox payment. */
  private record Record(String reference, String providerId, String token, String captureMode, String status,
                        String currency, long authorized, long captured, long refunded, String declineCode,
                        int attempts, String disputeId, String disputeStatus) {

    static Record of(Row row) {
      return new Record(row.getString("reference"), row.getString("provider_payment_id"), row.getString("token"),
          row.getString("capture_mode"), row.getString("status"), row.getString("currency"),
          row.getLong("authorized_amount"), row.getLong("captured_amount"), row.getLong("refunded_amount"),
          row.getString("decline_code"), row.getInteger("attempts"), row.getString("dispute_id"),
          row.getString("dispute_status"));
    }

    Record with(String status, long authorized, long captured, long refunded, int attempts, String disputeId,
                String disputeStatus) {
      return new Record(reference, providerId, token, captureMode, status, currency, authorized, captured, refunded,
          declineCode, attempts, disputeId, disputeStatus);
    }

    GatewayPayment toPayment() {
      GatewayStatus mapped = switch (status) {
        case "authorized" -> GatewayStatus.AUTHORIZED;
        case "captured" -> GatewayStatus.CAPTURED;
        case "voided" -> GatewayStatus.VOIDED;
        case "declined" -> GatewayStatus.DECLINED;
        default -> GatewayStatus.PENDING;
      };
      return new GatewayPayment(providerId, reference, mapped, new Money(authorized, currency),
          new Money(captured, currency), null, declineCode,
          declineCode == null ? null : "The card has insufficient funds (sandbox)");
    }
  }

  @Override
  public String provider() {
    return NAME;
  }

  @Override
  public Future<GatewayPayment> authorize(AuthorizeRequest request) {
    String token = request.paymentMethod();
    if (SandboxTokens.TIMEOUT.equals(token)) {
      return Future.failedFuture(transient_("the sandbox did not answer in time (test token " + token + ")"));
    }
    return Tenancy.inTenant(pool, tenantId, conn -> find(conn, SandboxRepository.Key.REFERENCE, request.reference())
            .compose(found -> {
              if (found.isPresent() && !found.get().status().equals("unavailable")) {
                return Future.succeededFuture(found.get());
              }
              if (found.isPresent()) {
                Record retried = outcome(found.get(), request);
                return update(conn, retried);
              }
              return insert(conn, request);
            }))
        .compose(record -> {
          if (record.status().equals("unavailable")) {
            return Future.failedFuture(transient_("the sandbox is unavailable for the first attempt (test token "
                + token + ")"));
          }
          if (SandboxTokens.DISPUTE.equals(record.token()) && record.status().equals("captured")
              && record.disputeId() == null) {
            vertx.setTimer(config.disputeDelayMillis(), id -> openDueDispute(record.reference())
                .onFailure(err -> LOG.warn("sandbox could not open the dispute of {}", record.reference(), err)));
          }
          return Future.succeededFuture(record.toPayment());
        });
  }

  @Override
  public Future<GatewayPayment> capture(CaptureRequest request) {
    return Tenancy.inTenant(pool, tenantId, conn -> byProviderId(conn, request.providerPaymentId())
        .compose(record -> switch (record.status()) {
          case "captured" -> Future.succeededFuture(record);
          case "authorized" -> {
            if (request.amount().amount() > record.authorized()) {
              yield Future.failedFuture(invalid("capture of " + request.amount().amount() + " exceeds the "
                  + record.authorized() + " authorized"));
            }
            yield update(conn, record.with("captured", record.authorized(), request.amount().amount(), 0,
                record.attempts(), null, null));
          }
          default -> Future.failedFuture(invalid("payment " + record.providerId() + " is " + record.status()
              + " and cannot be captured"));
        }))
        .map(Record::toPayment);
  }

  @Override
  public Future<GatewayPayment> voidAuthorization(VoidRequest request) {
    return Tenancy.inTenant(pool, tenantId, conn -> byProviderId(conn, request.providerPaymentId())
        .compose(record -> switch (record.status()) {
          case "voided" -> Future.succeededFuture(record);
          case "authorized", "pending" -> update(conn, record.with("voided", record.authorized(), 0, 0,
              record.attempts(), null, null));
          default -> Future.failedFuture(invalid("payment " + record.providerId() + " is " + record.status()
              + " and cannot be voided"));
        }))
        .map(Record::toPayment);
  }

  @Override
  public Future<GatewayRefund> refund(RefundRequest request) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.refund(conn, tenantId, request.reference())
        .compose(rows -> {
          if (rows.size() == 1) {
            Row row = rows.iterator().next();
            return Future.succeededFuture(new GatewayRefund(row.getString("provider_refund_id"), request.reference(),
                GatewayRefund.Status.SUCCEEDED, new Money(row.getLong("amount"), row.getString("currency")), null));
          }
          return byProviderId(conn, request.providerPaymentId())
              .compose(record -> {
                if (!record.status().equals("captured")) {
                  return Future.failedFuture(invalid("payment " + record.providerId() + " is not captured"));
                }
                long left = record.captured() - record.refunded();
                if (request.amount().amount() > left) {
                  return Future.failedFuture(invalid("refund of " + request.amount().amount() + " exceeds the "
                      + left + " left to refund"));
                }
                String refundId = "sbx_re_" + UUID.randomUUID().toString().replace("-", "");
                return repository.insertRefund(conn, Tuple.of(tenantId, request.reference(), record.providerId(),
                        refundId, request.amount().amount(), request.amount().currency()))
                    .compose(v -> update(conn, record.with(record.status(), record.authorized(), record.captured(),
                        record.refunded() + request.amount().amount(), record.attempts(), record.disputeId(),
                        record.disputeStatus())))
                    .map(v -> new GatewayRefund(refundId, request.reference(), GatewayRefund.Status.SUCCEEDED,
                        request.amount(), null));
              });
        }));
  }

  @Override
  public Future<Optional<GatewayPayment>> retrieve(String reference) {
    return Tenancy.inTenant(pool, tenantId, conn -> find(conn, SandboxRepository.Key.REFERENCE, reference))
        .map(found -> found.filter(r -> !r.status().equals("unavailable")).map(Record::toPayment));
  }

  @Override
  public Future<GatewayDispute> submitDisputeEvidence(DisputeEvidenceRequest request) {
    return Tenancy.inTenant(pool, tenantId, conn -> find(conn, SandboxRepository.Key.DISPUTE_ID, request.providerDisputeId())
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(new GatewayException(Kind.NOT_FOUND, NAME, "no dispute "
                + request.providerDisputeId()));
          }
          Record record = found.get();
          if (!request.submit() || !"needs_response".equals(record.disputeStatus())) {
            return Future.succeededFuture(record);
          }
          String text = request.evidence().getOrDefault("uncategorized_text", "");
          String outcome = text.contains(SandboxTokens.WINNING_EVIDENCE) ? "won" : "lost";
          return update(conn, record.with(record.status(), record.authorized(), record.captured(), record.refunded(),
                  record.attempts(), record.disputeId(), "under_review"))
              .compose(reviewed -> repository.scheduleClose(conn, tenantId, reviewed.disputeId(),
                      config.disputeDelayMillis(), outcome)
                  .map(reviewed));
        }))
        .map(record -> {
          if (request.submit() && "under_review".equals(record.disputeStatus())) {
            vertx.setTimer(config.disputeDelayMillis(), id -> closeDueDispute(record.disputeId())
                .onFailure(err -> LOG.warn("sandbox could not close the dispute {}", record.disputeId(), err)));
          }
          return dispute(record, record.disputeStatus());
        });
  }

  @Override
  public Future<GatewayEvent> parseWebhook(WebhookRequest request) {
    String header = request.headers().get(SIGNATURE_HEADER);
    if (header == null) {
      return Future.failedFuture(new GatewayException(Kind.INVALID_SIGNATURE, NAME, "no " + SIGNATURE_HEADER));
    }
    long timestamp = -1;
    String signature = null;
    for (String part : header.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length == 2 && kv[0].equals("t")) {
        try {
          timestamp = Long.parseLong(kv[1]);
        } catch (NumberFormatException e) {
          timestamp = -1;
        }
      } else if (kv.length == 2 && kv[0].equals("v1")) {
        signature = kv[1];
      }
    }
    if (timestamp < 0 || signature == null) {
      return Future.failedFuture(new GatewayException(Kind.INVALID_SIGNATURE, NAME, "malformed " + SIGNATURE_HEADER));
    }
    if (Math.abs(request.receivedAt().getEpochSecond() - timestamp) > TOLERANCE_SECONDS) {
      return Future.failedFuture(new GatewayException(Kind.INVALID_SIGNATURE, NAME,
          "the signature's timestamp is outside the tolerance"));
    }
    String expected = sign(config.webhookSecret(), timestamp, request.body());
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII))) {
      return Future.failedFuture(new GatewayException(Kind.INVALID_SIGNATURE, NAME, "the signature does not verify"));
    }
    try {
      return Future.succeededFuture(event(new JsonObject(request.body())));
    } catch (DecodeException | ClassCastException | IllegalArgumentException | NullPointerException
             | DateTimeParseException e) {
      return Future.failedFuture(new GatewayException(Kind.INVALID_REQUEST, NAME, "unreadable sandbox event"));
    }
  }

  /** The {@code v1} signature of a sandbox webhook body sent at {@code timestamp} (seconds). */
  public static String sign(String secret, long timestamp, Buffer body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      mac.update(body.getBytes());
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A signed sandbox webhook delivery of {@code event} as a provider would post it. */
  public static WebhookRequest signed(String secret, JsonObject event, Instant at) {
    Buffer body = event.toBuffer();
    long t = at.getEpochSecond();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json")
        .add(SIGNATURE_HEADER, "t=" + t + ",v1=" + sign(secret, t, body));
    return new WebhookRequest(headers, body, "sandbox", at);
  }

  private static GatewayEvent event(JsonObject body) {
    String id = body.getString("id");
    String type = body.getString("type");
    Instant at = Instant.parse(body.getString("occurred_at"));
    JsonObject data = body.getJsonObject("data", new JsonObject());
    if (id == null || type == null) {
      throw new IllegalArgumentException("id and type are required");
    }
    return switch (type) {
      case "payment.updated" -> {
        JsonObject p = data.getJsonObject("payment");
        String currency = p.getString("currency");
        GatewayStatus status = GatewayStatus.valueOf(p.getString("status").toUpperCase(java.util.Locale.ROOT));
        yield new GatewayEvent(NAME, id, GatewayEvent.Type.PAYMENT_UPDATED, at, new GatewayPayment(p.getString("id"),
            p.getString("reference"), status, new Money(p.getLong("authorized", 0L), currency),
            new Money(p.getLong("captured", 0L), currency), null, p.getString("decline_code"), null), null, null);
      }
      case "refund.updated" -> {
        JsonObject r = data.getJsonObject("refund");
        yield new GatewayEvent(NAME, id, GatewayEvent.Type.REFUND_UPDATED, at, null, new GatewayRefund(
            r.getString("id"), r.getString("reference"),
            GatewayRefund.Status.valueOf(r.getString("status").toUpperCase(java.util.Locale.ROOT)),
            new Money(r.getLong("amount"), r.getString("currency")), r.getString("failure_reason")), null);
      }
      case "dispute.opened", "dispute.updated", "dispute.closed" -> {
        JsonObject d = data.getJsonObject("dispute");
        GatewayDispute dispute = new GatewayDispute(d.getString("id"), d.getString("payment_id"),
            GatewayDispute.Status.valueOf(d.getString("status").toUpperCase(java.util.Locale.ROOT)),
            new Money(d.getLong("amount"), d.getString("currency")), d.getString("reason"),
            d.getString("evidence_due_by") == null ? null : Instant.parse(d.getString("evidence_due_by")));
        GatewayEvent.Type kind = type.equals("dispute.opened") ? GatewayEvent.Type.DISPUTE_OPENED
            : type.equals("dispute.closed") ? GatewayEvent.Type.DISPUTE_CLOSED : GatewayEvent.Type.DISPUTE_UPDATED;
        yield new GatewayEvent(NAME, id, kind, at, null, null, dispute);
      }
      default -> new GatewayEvent(NAME, id, GatewayEvent.Type.IGNORED, at, null, null, null);
    };
  }

  /** The JSON body of a sandbox dispute event. */
  public static JsonObject disputeEvent(String type, GatewayDispute dispute, Instant at) {
    return new JsonObject()
        .put("id", "evt_sbx_" + UUID.randomUUID().toString().replace("-", ""))
        .put("type", type)
        .put("occurred_at", at.toString())
        .put("data", new JsonObject().put("dispute", new JsonObject()
            .put("id", dispute.providerDisputeId())
            .put("payment_id", dispute.providerPaymentId())
            .put("status", dispute.status().name().toLowerCase(java.util.Locale.ROOT))
            .put("amount", dispute.amount().amount())
            .put("currency", dispute.amount().currency())
            .put("reason", dispute.reason())
            .put("evidence_due_by", dispute.evidenceDueBy() == null ? null : dispute.evidenceDueBy().toString())));
  }

  /**
   * Opens the payment's due dispute and delivers {@code dispute.opened}; true when it opened now, false when it was
   * open already or none is due (so a timer and the reconciler's pass never open one twice).
   */
  Future<Boolean> openDueDispute(String reference) {
    String disputeId = "sbx_dp_" + UUID.randomUUID().toString().replace("-", "");
    return Tenancy.inTenant(pool, tenantId, conn -> repository.openDueDispute(conn, tenantId, reference, disputeId))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
            : deliver("dispute.opened", dispute(Record.of(rows.iterator().next()), "needs_response")).map(true));
  }

  /** Closes a dispute under review that is due to close, with its outcome, and delivers {@code dispute.closed}; once. */
  Future<Boolean> closeDueDispute(String disputeId) {
    return Tenancy.inTenant(pool, tenantId, conn -> repository.closeDueDispute(conn, tenantId, disputeId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(false);
          }
          Record closed = Record.of(rows.iterator().next());
          return deliver("dispute.closed", dispute(closed, closed.disputeStatus())).map(true);
        });
  }

  private Future<?> deliver(String type, GatewayDispute dispute) {
    Instant now = Instant.now();
    return webhooks.deliver(tenantId, signed(config.webhookSecret(), disputeEvent(type, dispute, now), now));
  }

  private static GatewayDispute dispute(Record record, String status) {
    return new GatewayDispute(record.disputeId(), record.providerId(),
        status == null ? GatewayDispute.Status.NEEDS_RESPONSE
            : GatewayDispute.Status.valueOf(status.toUpperCase(java.util.Locale.ROOT)),
        new Money(record.captured(), record.currency()), "fraudulent", Instant.now().plusSeconds(7 * 24 * 3600));
  }

  private Record outcome(Record record, AuthorizeRequest request) {
    Record fresh = initial(request);
    return fresh.with(fresh.status(), fresh.authorized(), fresh.captured(), 0, record.attempts() + 1, null, null);
  }

  /** What the sandbox answers for the token of {@code request}. */
  private static Record initial(AuthorizeRequest request) {
    String token = request.paymentMethod();
    long amount = request.amount().amount();
    String mode = request.capture() == CaptureMode.MANUAL ? "manual" : "automatic";
    String providerId = "sbx_pay_" + UUID.randomUUID().toString().replace("-", "");
    String status;
    long authorized = amount;
    long captured = 0;
    String decline = null;
    if (SandboxTokens.DECLINED.equals(token)) {
      status = "declined";
      authorized = 0;
      decline = "insufficient_funds";
    } else if (SandboxTokens.AUTHORIZE_ONLY.equals(token)) {
      status = "authorized";
    } else if (SandboxTokens.PENDING.equals(token)) {
      status = "pending";
    } else if (request.capture() == CaptureMode.MANUAL) {
      status = "authorized";
    } else {
      status = "captured";
      captured = amount;
    }
    return new Record(request.reference(), providerId, token, mode, status, request.amount().currency(), authorized,
        captured, 0, decline, 1, null, null);
  }

  private Future<Record> insert(SqlConnection conn, AuthorizeRequest request) {
    Record r = initial(request);
    boolean flaky = SandboxTokens.FLAKY.equals(r.token());
    String status = flaky ? "unavailable" : r.status();
    long settle = r.status().equals("pending") ? config.pendingSettleMillis() : 0;
    Double disputeIn = SandboxTokens.DISPUTE.equals(r.token()) && status.equals("captured")
        ? (double) config.disputeDelayMillis() : null;
    return repository.insert(conn, Tuple.from(new Object[] {tenantId, r.reference(), r.providerId(), r.token(), r.captureMode(), status,
            r.currency(), r.authorized(), r.captured(), r.declineCode(), (double) settle, disputeIn}))
        .compose(rows -> rows.size() == 1 ? Future.succeededFuture(Record.of(rows.iterator().next()))
            : find(conn, SandboxRepository.Key.REFERENCE, r.reference()).map(Optional::orElseThrow));
  }

  private Future<Record> update(SqlConnection conn, Record r) {
    return repository.update(conn, Tuple.from(new Object[] {tenantId, r.reference(), r.status(), r.authorized(), r.captured(),
            r.refunded(), r.attempts(), r.disputeId(), r.disputeStatus()}))
        .map(rows -> Record.of(rows.iterator().next()));
  }

  /** The record, with a pending one whose time has come settled first (authorized or captured by its mode). */
  private Future<Optional<Record>> find(SqlConnection conn, SandboxRepository.Key by, String key) {
    return repository.lock(conn, tenantId, by, key)
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.empty());
          }
          Row row = rows.iterator().next();
          Record record = Record.of(row);
          if (record.status().equals("pending") && Boolean.TRUE.equals(row.getBoolean("settled"))) {
            boolean auto = record.captureMode().equals("automatic");
            return update(conn, record.with(auto ? "captured" : "authorized", record.authorized(),
                auto ? record.authorized() : 0, 0, record.attempts(), null, null)).map(Optional::of);
          }
          return Future.succeededFuture(Optional.of(record));
        });
  }

  private Future<Record> byProviderId(SqlConnection conn, String providerPaymentId) {
    return find(conn, SandboxRepository.Key.PROVIDER_ID, providerPaymentId)
        .compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
            : Future.failedFuture(new GatewayException(Kind.NOT_FOUND, NAME, "no payment " + providerPaymentId)));
  }

  private static GatewayException transient_(String message) {
    return new GatewayException(Kind.TRANSIENT, NAME, -1, -1, message, null);
  }

  private static GatewayException invalid(String message) {
    return new GatewayException(Kind.INVALID_REQUEST, NAME, 400, -1, message, null);
  }
}
