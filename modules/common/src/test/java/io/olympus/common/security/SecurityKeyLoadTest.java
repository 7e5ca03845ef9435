package io.olympus.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.testing.ServiceHarness;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Loading the signing keys: a burst of first requests shares one load and every one of them gets the keys. */
@ExtendWith(VertxExtension.class)
class SecurityKeyLoadTest {

  @Test
  void shouldLetConcurrentCallersJoinTheKeyLoadUnderWay(Vertx vertx) {
    KeyPair keys = TestTokens.newRsaKeyPair();
    AtomicInteger loads = new AtomicInteger();
    // the auth service answers slowly: every caller arrives while the first load is under way
    AuthKeysBusAdapter.register(vertx, new AuthKeys() {
      @Override
      public Future<JsonObject> jwks() {
        loads.incrementAndGet();
        return vertx.timer(200).map(t -> TestTokens.jwks("slow-key", keys));
      }

      @Override
      public Future<Principal> verifyApiKey(String key) {
        return Future.failedFuture(new io.olympus.common.error.UnauthorizedException("Invalid API key"));
      }
    }).completion().await();
    Security security = ServiceHarness.context(vertx, Map.of("AUTH_TOKEN_ISSUER", TestTokens.ISSUER,
        "AUTH_TOKEN_AUDIENCE", TestTokens.AUDIENCE)).security();

    List<Future<Boolean>> callers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      callers.add(security.refreshKeys(false));
    }
    Future.all(callers).await();

    assertThat(loads.get()).isEqualTo(1);
    assertThat(callers).allSatisfy(caller -> assertThat(caller.result()).isTrue());
    String token = TestTokens.rs256(TestTokens.header("slow-key"),
        TestTokens.claims(UUID.randomUUID(), Instant.now()), keys);
    assertThat(security.tokens().verifySignature("Bearer " + token).await().tenantId()).isNotNull();
    // right after a load, an unknown key id does not make another request to the auth service
    assertThat(security.refreshKeys(false).await()).isFalse();
    assertThat(loads.get()).isEqualTo(1);
  }
}
