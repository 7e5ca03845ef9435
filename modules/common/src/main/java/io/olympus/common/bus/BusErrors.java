package io.olympus.common.bus;

import io.olympus.common.error.ApiException;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.ForbiddenException;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.UnauthorizedException;
import io.olympus.common.error.UnavailableException;
import io.olympus.common.error.ValidationException;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries domain failures across the event bus: a handler fails a request with the HTTP status as
 * the failure code and a JSON problem as the message; the typed client turns it back into the same
 * {@link ApiException} subclass. Timeouts and missing handlers become 503.
 */
public final class BusErrors {

  private static final Logger LOG = LoggerFactory.getLogger(BusErrors.class);

  private BusErrors() {}

  /** Replies to {@code message} with the failure; unknown errors are logged and sent as a bare 500. */
  public static void fail(Message<?> message, Throwable err) {
    if (err instanceof ApiException api) {
      JsonObject body = new JsonObject().put("type", api.type()).put("detail", api.detail());
      if (!api.errors().isEmpty()) {
        JsonArray errors = new JsonArray();
        api.errors().forEach(e -> errors.add(e.toJson()));
        body.put("errors", errors);
      }
      message.fail(api.status(), body.encode());
    } else {
      LOG.error("event-bus handler for {} failed", message.address(), err);
      message.fail(500, new JsonObject().put("type", "internal").put("detail", "internal error").encode());
    }
  }

  /** Maps a failed request's cause back to the domain exception the handler raised. */
  public static Throwable toDomain(Throwable err) {
    if (!(err instanceof ReplyException reply)) {
      return err;
    }
    if (reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return new UnavailableException("internal service did not answer: " + reply.failureType());
    }
    JsonObject body;
    try {
      body = new JsonObject(reply.getMessage());
    } catch (RuntimeException e) {
      body = new JsonObject().put("detail", reply.getMessage());
    }
    String detail = body.getString("detail", "");
    return switch (reply.failureCode()) {
      case 400 -> new ValidationException(detail, fieldErrors(body.getJsonArray("errors")));
      case 401 -> new UnauthorizedException(detail);
      case 403 -> "quota-exceeded".equals(body.getString("type"))
          ? new ApiException(403, "quota-exceeded", "Quota exceeded", detail)
          : new ForbiddenException(detail);
      case 404 -> new NotFoundException(detail);
      case 409 -> new ConflictException(detail);
      case 503 -> new UnavailableException(detail);
      default -> new ApiException(reply.failureCode() >= 400 && reply.failureCode() < 600 ? reply.failureCode() : 502,
          body.getString("type", "upstream"), "Upstream failure", detail);
    };
  }

  private static List<FieldError> fieldErrors(JsonArray errors) {
    List<FieldError> list = new ArrayList<>();
    if (errors != null) {
      for (int i = 0; i < errors.size(); i++) {
        JsonObject e = errors.getJsonObject(i);
        list.add(new FieldError(e.getString("field"), e.getString("message")));
      }
    }
    return list;
  }
}
