package io.olympus.common.http.idempotency;

import io.olympus.common.db.Tenancy;
import io.olympus.common.error.ApiException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Idempotency-Key} on POSTs, with Stripe's semantics, stored in PostgreSQL per tenant + key + route.
 *
 * <p>A route opts in with {@link #handler(Mode, String)} as a step before its handler; the handler then makes its
 * change through {@link #run(RoutingContext, UUID, Function)}:
 *
 * <pre>{@code
 * route: permission check -> idempotency.handler(Mode.OPTIONAL, "POST createReservation") -> this::reserve
 *
 * private void reserve(RoutingContext ctx) {
 *   ReservationRequest request = ReservationRequest.fromJson(Http.body(ctx));
 *   UUID tenant = Http.tenant(ctx);
 *   idempotency.run(ctx, tenant, conn -> inventory.reserve(conn, tenant, request)
 *       .map(reservation -> HttpAnswer.created("/api/v1/inventory/reservations/" + reservation.id(),
 *           reservation.toJson())));
 * }
 * }</pre>
 *
 * <p>Semantics: the first request with a key opens it in the tenant's transaction that runs {@code change}
 * ({@link Tenancy#inTenant}): the key's advisory lock is taken and the key checked free by the transaction's first
 * statement, pipelined with the change's first ones, and the key's row — status, headers, body bytes of the answer — is
 * written by its last statement, pipelined with the COMMIT; so an answer exists exactly when its change committed, and
 * a key costs no transaction or round trip of its own. A retry with the same key and the same body (SHA-256 of its
 * bytes) gets the stored answer byte for byte plus {@code Idempotent-Replayed: true}, without committing anything
 * (its transaction rolls back at the key). The same key with another body answers 422 {@code idempotency-key-reused};
 * while the first request is still in flight, 409 {@code idempotency-key-in-flight}, at once (the lock is tried, not
 * waited for). A change that fails (any error: its transaction rolled back) stores nothing and leaves the key free, so
 * a retry runs again — unlike Stripe, failed answers are not replayed. The variant with a {@code prepare} step
 * (payments) claims the key in a short transaction of its own first (a row {@code in_flight}); a claim whose request
 * crashed lapses after {@link IdempotencyConfig#lockTtl()}; should that request still try to complete, it finds the key
 * taken over and its change rolls back (409), so a change never commits twice. Keys expire
 * {@link IdempotencyConfig#keyTtl()} after their first use (then the key is new again) and are deleted by
 * {@link IdempotencyKeySweeper}. Keys are 1 to 255 printable ASCII characters; a bad key answers 400 naming the
 * header, as does a missing one on a {@link Mode#REQUIRED} route. Without a key an {@link Mode#OPTIONAL} route just
 * runs {@code change} in the tenant's transaction.
 */
public final class Idempotency {

  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  public static final int MAX_KEY_LENGTH = 255;

  /** Whether a route requires the header or only honours it. */
  public enum Mode { REQUIRED, OPTIONAL }

  private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);
  private static final String CONTEXT_KEY = "olympus.idempotency";

  /** The key, route and body hash of the request being handled (stored on the routing context). */
  record Request(String key, String route, byte[] hash) {}

  private final Pool pool;
  private final IdempotencyConfig config;

  public Idempotency(Pool pool, IdempotencyConfig config) {
    this.pool = Objects.requireNonNull(pool);
    this.config = Objects.requireNonNull(config);
  }

  /**
   * The route step that reads {@code Idempotency-Key}: validates it (400 naming the header when missing on a
   * {@link Mode#REQUIRED} route, or not 1 to 255 printable ASCII characters) and hashes the request body, for
   * {@link #run}. {@code route} names the operation, e.g. {@code "POST createOrder"}: a key is scoped to it.
   */
  public Handler<RoutingContext> handler(Mode mode, String route) {
    Objects.requireNonNull(mode);
    Objects.requireNonNull(route);
    return ctx -> {
      String key = ctx.request().getHeader(HEADER);
      if (key == null) {
        if (mode == Mode.REQUIRED) {
          ctx.fail(new ValidationException(HEADER, "is required on this operation (a unique value per change, "
              + "sent again unchanged on a retry)"));
          return;
        }
        ctx.next();
        return;
      }
      String problem = keyProblem(key);
      if (problem != null) {
        ctx.fail(new ValidationException(HEADER, problem));
        return;
      }
      Buffer body = ctx.body() == null ? null : ctx.body().buffer();
      ctx.put(CONTEXT_KEY, new Request(key, route, sha256(body == null ? new byte[0] : body.getBytes())));
      ctx.next();
    };
  }

  /**
   * Runs {@code change} once per idempotency key and answers the request: {@code change} gets the connection of the
   * tenant's transaction (the tenant is set) and returns the answer to send; the answer is stored in that
   * transaction. A replay, a reused key (422) or a key in flight (409) answers without calling {@code change}. When
   * {@code change} (or its transaction) fails, the request fails with that error ({@code ctx.fail}) and nothing is
   * stored. Without a key (an optional route) {@code change} just runs in the tenant's transaction.
   */
  public void run(RoutingContext ctx, UUID tenantId, Function<SqlConnection, Future<HttpAnswer>> change) {
    run(ctx, tenantId, List.of(), change);
  }

  /**
   * As {@link #run(RoutingContext, UUID, Function)}, the transaction setting {@code settings} with its tenant
   * ({@link Tenancy#inTenant(Pool, UUID, List, Function)}).
   */
  public void run(RoutingContext ctx, UUID tenantId, List<Tenancy.Setting> settings,
                  Function<SqlConnection, Future<HttpAnswer>> change) {
    Request request = ctx.get(CONTEXT_KEY);
    if (request == null) {
      Tenancy.inTenant(pool, tenantId, settings, change)
          .onSuccess(answer -> answer.send(ctx))
          .onFailure(ctx::fail);
      return;
    }
    UUID claimId = Uuids.v7();
    Tenancy.inTenant(pool, tenantId, settings,
            conn -> {
              // goes out with the change's first statements; when the key is not free it fails, and so does every
              // statement after it in the transaction, which rolls back
              Future<Void> open = open(conn, tenantId, request);
              Future<HttpAnswer> answer = change.apply(conn);
              return Future.join(open, answer).transform(done -> open.failed() ? Future.failedFuture(open.cause()) : answer);
            },
            (conn, answer) -> store(conn, tenantId, request, claimId, answer))
        .recover(err -> notFree(err, IdempotencySql.IN_FLIGHT) ? Future.failedFuture(IdempotencyException.inFlight())
            : notFree(err, IdempotencySql.USED) ? stored(tenantId, request)
            : Future.failedFuture(err))
        .onSuccess(answer -> answer.send(ctx))
        .onFailure(ctx::fail);
  }

  private static boolean notFree(Throwable err, String sqlState) {
    return err instanceof PgException pg && sqlState.equals(pg.getSqlState());
  }

  private Future<Void> open(SqlConnection conn, UUID tenantId, Request request) {
    return conn.preparedQuery(IdempotencySql.OPEN)
        .execute(Tuple.of(tenantId, request.key(), request.route()))
        .mapEmpty();
  }

  private Future<HttpAnswer> store(SqlConnection conn, UUID tenantId, Request request, UUID claimId, HttpAnswer answer) {
    return conn.preparedQuery(IdempotencySql.STORE)
        .execute(Tuple.of(tenantId, request.key(), request.route(), Buffer.buffer(request.hash()), claimId,
            (double) config.keyTtl().toSeconds(), answer.status(), answer.headersJson(), answer.body()))
        .map(answer);
  }

  /** The answer stored under a key that was not free: a replay, 422 for another body, 409 while still in flight. */
  private Future<HttpAnswer> stored(UUID tenantId, Request request) {
    return Tenancy.readInTenant(pool, tenantId, conn -> find(conn, tenantId, request))
        .map(found -> replay(request, found.orElseThrow(IdempotencyException::inFlight)));
  }

  /**
   * Claims the key in a short transaction of its own, in one round trip: the claim, the read of the key's row and the
   * COMMIT go out together, and the commit does not wait for the disk ({@link IdempotencySql#ASYNC_COMMIT}). Empty when
   * the claim is this request's; else the stored row (a replay, or a reused key); fails with 409 when the key's row
   * vanished in between (freed by a failed request: the client retries).
   */
  private Future<Optional<Row>> claimOrFind(UUID tenantId, Request request, UUID claimId) {
    return Tenancy.writeInTenant(pool, tenantId, conn -> {
      Future<?> asynchronous = conn.query(IdempotencySql.ASYNC_COMMIT).execute();
      Future<Boolean> claimed = claim(conn, tenantId, request, claimId);
      Future<Optional<Row>> found = find(conn, tenantId, request);
      return Future.all(asynchronous, claimed, found).map(all -> claimed.result() ? Optional.<Row>empty()
          : Optional.of(found.result().orElseThrow(IdempotencyException::inFlight)));
    });
  }

  /**
   * As {@link #run(RoutingContext, UUID, Function)}, for a change that must first commit work of its own and call
   * an outside system before its last transaction (a payment: its pending row, then the provider): once the key is
   * claimed — not for a replay, a reused key or a key in flight — {@code prepare} runs outside this class's
   * transactions, and its result goes to {@code change}, which runs in the tenant's transaction where the answer is
   * stored. When either fails, nothing is stored and the key is freed, as for {@code run}; {@code prepare} must
   * therefore be safe to run again for the same key. The claim must outlive {@code prepare}
   * ({@link IdempotencyConfig#lockTtl()}).
   */
  public <T> void run(RoutingContext ctx, UUID tenantId, Supplier<Future<T>> prepare,
                      BiFunction<SqlConnection, T, Future<HttpAnswer>> change) {
    Request request = ctx.get(CONTEXT_KEY);
    if (request == null) {
      prepare.get()
          .compose(prepared -> Tenancy.inTenant(pool, tenantId, conn -> change.apply(conn, prepared)))
          .onSuccess(answer -> answer.send(ctx))
          .onFailure(ctx::fail);
      return;
    }
    UUID claimId = Uuids.v7();
    claimOrFind(tenantId, request, claimId)
        .compose(existing -> existing.isPresent()
            ? Future.succeededFuture(replay(request, existing.get()))
            : prepare.get()
                .compose(prepared -> Tenancy.inTenant(pool, tenantId, conn -> change.apply(conn, prepared)
                    .compose(answer -> complete(conn, tenantId, request, claimId, answer))))
                .onFailure(err -> release(tenantId, request, claimId)))
        .onSuccess(answer -> answer.send(ctx))
        .onFailure(ctx::fail);
  }

  /** The {@code Idempotency-Key} of the request being handled, or null when it has none. */
  public static String key(RoutingContext ctx) {
    Request request = ctx.get(CONTEXT_KEY);
    return request == null ? null : request.key();
  }

  /** Null when {@code key} is a valid key, else what is wrong with it. */
  static String keyProblem(String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      return "must be 1 to " + MAX_KEY_LENGTH + " characters";
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return "must be printable ASCII characters only";
      }
    }
    return null;
  }

  private Future<Boolean> claim(SqlConnection conn, UUID tenantId, Request request, UUID claimId) {
    return conn.preparedQuery(IdempotencySql.CLAIM)
        .execute(Tuple.of(tenantId, request.key(), request.route(), Buffer.buffer(request.hash()), claimId,
            (double) config.lockTtl().toSeconds(), (double) config.keyTtl().toSeconds()))
        .map(rows -> rows.size() == 1);
  }

  private static Future<Optional<Row>> find(SqlConnection conn, UUID tenantId, Request request) {
    return conn.preparedQuery(IdempotencySql.FIND)
        .execute(Tuple.of(tenantId, request.key(), request.route()))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  private static HttpAnswer replay(Request request, Row row) {
    if (!Arrays.equals(row.getBuffer("request_hash").getBytes(), request.hash())) {
      throw IdempotencyException.reused(request.key());
    }
    if (!"completed".equals(row.getString("status"))) {
      throw IdempotencyException.inFlight();
    }
    JsonObject headers = row.getJsonObject("response_headers");
    Map<String, String> stored = headers == null ? Map.of() : headers.stream()
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> String.valueOf(entry.getValue())));
    return new HttpAnswer(row.getInteger("response_status"), stored, row.getBuffer("response_body"))
        .withHeader(REPLAYED_HEADER, "true");
  }

  private static Future<HttpAnswer> complete(SqlConnection conn, UUID tenantId, Request request, UUID claimId,
      HttpAnswer answer) {
    return conn.preparedQuery(IdempotencySql.COMPLETE)
        .execute(Tuple.of(tenantId, request.key(), request.route(), claimId, answer.status(), answer.headersJson(),
            answer.body()))
        .compose(rows -> rows.rowCount() == 1
            ? Future.succeededFuture(answer)
            // the claim lapsed and another request took the key over: roll this change back
            : Future.failedFuture(IdempotencyException.inFlight()));
  }

  /** Frees the key of a change that failed; if this fails too, the claim lapses after the lock TTL. */
  private void release(UUID tenantId, Request request, UUID claimId) {
    Tenancy.inTenant(pool, tenantId, conn -> conn.preparedQuery(IdempotencySql.RELEASE)
            .execute(Tuple.of(tenantId, request.key(), request.route(), claimId)))
        .onFailure(err -> LOG.warn("could not free idempotency key of a failed request on {}; it frees itself in {}",
            request.route(), config.lockTtl(), err));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The two refusals of a request whose key is taken. */
  static final class IdempotencyException {

    private IdempotencyException() {}

    static ApiException inFlight() {
      return new ApiException(409, "idempotency-key-in-flight", "Idempotency Key In Flight",
          "A request with this Idempotency-Key is still being processed; retry once it has answered");
    }

    static ApiException reused(String key) {
      return new ApiException(422, "idempotency-key-reused", "Idempotency Key Reused",
          "Idempotency-Key " + key + " was used for a different request body on this operation; send a new key "
              + "for a new request");
    }
  }
}
