package io.olympus.common.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Contract validation of requests on the event loop.
 *
 * <p>vertx-openapi 5.0.8 validates every request inside {@code vertx.executeBlocking} (ordered per context): each
 * request, however small, hops to the shared worker pool and back and waits behind the other requests of its event
 * loop. Under load that hop is a queue of its own (a profile of the product read at 1,000 requests/s put a third of
 * all allocation in it), and it makes cheap requests wait whenever the worker pool is busy. Parameters and small
 * bodies validate in microseconds, so this validates them where the request is; bodies over
 * {@link #INLINE_BODY_LIMIT} bytes still validate on a worker (unordered). It also takes {@code string} parameters as
 * they are: 5.0.8 tries to decode any string parameter that is not a plain word as JSON (an exception per UUID, and a
 * query value such as {@code 1.5} became a number and failed its {@code type: string} schema).
 *
 * <p>Failures take the same shape as the router's own validation (a {@link ValidatorException} inside a 400
 * {@link HttpException}, so {@link ProblemHandler} names the field), and the validated request is stored under
 * {@link RouterBuilder#KEY_META_DATA_VALIDATED_REQUEST} as the router does.
 */
final class InlineRequestValidation {

  /** Bodies up to this size validate on the event loop; larger ones on a worker. */
  static final int INLINE_BODY_LIMIT = 16 * 1024;

  private final Vertx vertx;
  private final Validator validator;
  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();

  InlineRequestValidation(Vertx vertx, OpenAPIContract contract) {
    this.vertx = vertx;
    this.validator = new Validator(vertx, contract);
  }

  /**
   * Turns off the router's own validation of every route and adds this validation as the route's next handler: call
   * after authentication and before the service binds its handlers. {@link #unbound} tells the routes the service
   * bound nothing to.
   */
  void install(RouterBuilder builder) {
    for (OpenAPIRoute route : builder.getRoutes()) {
      route.setDoValidation(false);
      route.addHandler(new ValidationHandler(route.getOperation()));
    }
  }

  /** Routes whose last handler is the validation: the service bound nothing to the operation. */
  static boolean unbound(OpenAPIRoute route) {
    List<Handler<RoutingContext>> handlers = route.getHandlers();
    return !handlers.isEmpty() && handlers.get(handlers.size() - 1) instanceof ValidationHandler;
  }

  private final class ValidationHandler implements Handler<RoutingContext> {
    private final Operation operation;

    ValidationHandler(Operation operation) {
      this.operation = operation;
    }

    @Override
    public void handle(RoutingContext ctx) {
      extractor.extractValidatableRequest(ctx, operation).onComplete(extracted -> {
        if (extracted.failed()) {
          fail(ctx, extracted.cause());
          return;
        }
        ValidatableRequest request = extracted.result();
        if (bodySize(request) > INLINE_BODY_LIMIT) {
          vertx.executeBlocking(() -> validator.validateNow(request, operation), false).onComplete(validated -> {
            if (validated.succeeded()) {
              proceed(ctx, validated.result());
            } else {
              fail(ctx, validated.cause());
            }
          });
          return;
        }
        ValidatedRequest validated;
        try {
          validated = validator.validateNow(request, operation);
        } catch (RuntimeException e) {
          fail(ctx, e);
          return;
        }
        proceed(ctx, validated);
      });
    }
  }

  private static int bodySize(ValidatableRequest request) {
    RequestParameter body = request.getBody();
    return body == null || !body.isBuffer() ? 0 : body.getBuffer().length();
  }

  private static void proceed(RoutingContext ctx, ValidatedRequest validated) {
    try {
      NulCharacters.check(validated);
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
    ctx.next();
  }

  private static void fail(RoutingContext ctx, Throwable failure) {
    ctx.fail(failure instanceof ValidatorException
        ? new HttpException(400, failure.getMessage(), failure)
        : failure);
  }

  /** The library's validator, called on the current thread, with string parameters taken as they are. */
  static final class Validator extends RequestValidatorImpl {

    Validator(Vertx vertx, OpenAPIContract contract) {
      super(vertx, contract);
    }

    ValidatedRequest validateNow(ValidatableRequest request, Operation operation) {
      Map<String, RequestParameter> cookies = new HashMap<>();
      Map<String, RequestParameter> headers = new HashMap<>();
      Map<String, RequestParameter> path = new HashMap<>();
      Map<String, RequestParameter> query = new HashMap<>();
      for (Parameter param : operation.getParameters()) {
        switch (param.getIn()) {
          case COOKIE -> cookies.put(param.getName(), validateParameter(param, request.getCookies().get(param.getName())));
          case HEADER -> headers.put(param.getName(), validateParameter(param, request.getHeaders().get(param.getName())));
          case PATH -> path.put(param.getName(), validateParameter(param, request.getPathParameters().get(param.getName())));
          case QUERY -> query.put(param.getName(), validateParameter(param, request.getQuery().get(param.getName())));
          default -> throw new IllegalStateException("parameter location " + param.getIn());
        }
      }
      RequestParameter body = validateBody(operation.getRequestBody(), request);
      return new ValidatedRequestImpl(cookies, headers, path, query, body);
    }

    @Override
    public RequestParameter validateParameter(Parameter parameter, RequestParameter value) {
      if (value == null || value.isNull() || parameter.getSchemaType() != SchemaType.STRING) {
        return super.validateParameter(parameter, value);
      }
      String raw = String.valueOf(value.get());
      OutputUnit result = contract.getSchemaRepository().validator(parameter.getSchema()).validate(raw);
      try {
        result.checkValidity();
      } catch (JsonSchemaValidationException e) {
        throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
      }
      return new RequestParameterImpl(raw);
    }
  }
}
