package io.olympus.common.bus;

import io.olympus.common.error.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The server half of every bus contract: one consumer per address that decodes the request, calls the service and
 * encodes its answer, and answers every failure the one way consumers expect ({@link BusErrors}: the HTTP status as
 * the failure code, a JSON problem as the message). A decoder that throws (a {@link
 * io.olympus.common.error.ValidationException} naming the field) is answered like a failed call. Contract adapters
 * ({@code TenantBusAdapter}, {@code AuthzBusAdapter}, …) are built from it; nothing else registers request/reply
 * consumers by hand.
 */
public final class BusEndpoints {

  private final Vertx vertx;
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();

  private BusEndpoints(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts a set of endpoints on {@code vertx}'s event bus. */
  public static BusEndpoints on(Vertx vertx) {
    return new BusEndpoints(vertx);
  }

  /**
   * Answers {@code address}: {@code handler} gets the request body (an empty object when there is none) and returns the
   * reply body.
   */
  public BusEndpoints serve(String address, Function<JsonObject, Future<JsonObject>> handler) {
    consumers.add(vertx.eventBus().consumer(address, msg -> answer(msg, handler)));
    return this;
  }

  /** The consumers registered so far, as one handle. */
  public Registration registration() {
    return new Registration(List.copyOf(consumers));
  }

  /** The consumers of one contract's server side. */
  public record Registration(List<MessageConsumer<Object>> consumers) {

    /** Completes once every consumer is registered (across the cluster when clustered). */
    public Future<Void> completion() {
      return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
    }

    /** Stops answering. */
    public Future<Void> unregister() {
      return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
    }
  }

  private static void answer(Message<Object> msg, Function<JsonObject, Future<JsonObject>> handler) {
    Future<JsonObject> reply;
    try {
      Object body = msg.body();
      if (body != null && !(body instanceof JsonObject)) {
        throw new ValidationException("body", "must be an object");
      }
      reply = handler.apply(body == null ? new JsonObject() : (JsonObject) body);
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onSuccess(msg::reply).onFailure(err -> BusErrors.fail(msg, err));
  }
}
