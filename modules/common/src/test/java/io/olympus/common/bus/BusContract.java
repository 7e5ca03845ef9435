package io.olympus.common.bus;

import io.olympus.common.testing.ServiceHarness;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of every consumer contract suite ({@code TenantsContract}, {@code AuthzContract}, …): a suite asks through
 * the consumers' typed client over the bus, and runs once against the real server side (in the module that owns the
 * service, on the real PostgreSQL) and once against the shared fake (in common). A subclass serves one implementation
 * with the contract's bus adapter and creates the fixtures the suite asks for in it.
 */
@ExtendWith(VertxExtension.class)
public abstract class BusContract {

  protected Vertx vertx;

  /** Starts serving the contract's addresses on {@code vertx} from the implementation under test (blocking). */
  protected abstract void serve(Vertx vertx);

  /** Stops what {@link #serve} started (blocking). */
  protected void stop() {}

  @BeforeEach
  protected void startContract(Vertx vertx) {
    this.vertx = vertx;
    serve(vertx);
  }

  @AfterEach
  protected void stopContract() {
    stop();
  }

  /** A request as any consumer sends it, for the wire-format checks: the reply body or the domain failure. */
  protected Future<JsonObject> raw(String address, JsonObject body) {
    return ServiceHarness.bus(vertx).request(address, body);
  }

  /** As {@link #raw(String, JsonObject)}, with the deadline of a slower operation's client. */
  protected Future<JsonObject> raw(String address, JsonObject body, long timeoutMs) {
    return ServiceHarness.bus(vertx).request(address, body, timeoutMs);
  }

  /** The fields a validation failure names (fails the test when {@code err} is no validation failure). */
  protected static List<String> fields(Throwable err) {
    assertThat(err).isInstanceOf(ValidationException.class);
    return ((ValidationException) err).errors().stream().map(FieldError::field).toList();
  }

  /** Completes {@code ctx} once {@code outcome} succeeded and {@code checks} passed on its result. */
  protected static <T> void expect(VertxTestContext ctx, Future<T> outcome, Consumer<T> checks) {
    outcome.onComplete(ctx.succeeding(result -> ctx.verify(() -> {
      checks.accept(result);
      ctx.completeNow();
    })));
  }

  /** Completes {@code ctx} once {@code outcome} failed and {@code checks} passed on its failure. */
  protected static void expectFailure(VertxTestContext ctx, Future<?> outcome, Consumer<Throwable> checks) {
    outcome.onComplete(ctx.failing(err -> ctx.verify(() -> {
      checks.accept(err);
      ctx.completeNow();
    })));
  }
}
