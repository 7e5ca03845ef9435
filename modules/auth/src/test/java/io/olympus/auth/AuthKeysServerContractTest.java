package io.olympus.auth;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.olympus.auth.apikey.service.ApiKeyService;
import io.olympus.auth.testing.CredentialHarness;
import io.olympus.common.security.AuthKeysContract;
import io.olympus.common.security.Principal;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AuthKeysContract} against the auth service's real signing keys and API keys on the bus. */
class AuthKeysServerContractTest extends AuthKeysContract {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private final Map<String, UUID> keyIds = new ConcurrentHashMap<>();
  private CredentialHarness auth;

  @Override
  protected void serve(Vertx vertx) {
    auth = new CredentialHarness(vertx, MAIL).start();
  }

  @Override
  protected void stop() {
    auth.stop();
  }

  @Override
  protected UUID givenTenant() {
    return CredentialHarness.freshTenant("free");
  }

  @Override
  protected UUID givenUser(UUID tenantId) {
    return auth.user(tenantId, UUID.randomUUID() + "@example.test", "owner");
  }

  @Override
  protected String givenApiKey(UUID tenantId, UUID userId, List<String> scopes) {
    ApiKeyService.Created created = auth.components.apiKeys().create(creator(tenantId, userId), "contract", scopes, null, "req-1")
        .await();
    keyIds.put(created.key(), created.apiKey().id());
    return created.key();
  }

  @Override
  protected void givenRevoked(UUID tenantId, UUID userId, String apiKey) {
    auth.components.apiKeys().revoke(creator(tenantId, userId), keyIds.get(apiKey), "req-2").await();
  }

  private static Principal creator(UUID tenantId, UUID userId) {
    return new Principal(userId, tenantId, UUID.randomUUID(), List.of("owner"), List.of(), List.of("pwd"), true,
        UUID.randomUUID().toString(), Instant.now().plusSeconds(900));
  }
}
