package io.olympus.auth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.common.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthConfigTest {

  @Test
  void shouldUseOwaspArgon2ParametersAndFifteenMinuteTokensByDefault() {
    AuthConfig config = AuthConfig.defaults();
    assertThat(config.argon2MemoryKib()).isEqualTo(19_456);
    assertThat(config.argon2Iterations()).isEqualTo(2);
    assertThat(config.argon2Parallelism()).isEqualTo(1);
    assertThat(config.hashWorkers()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.refreshTokenTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(config.refreshReuseGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.signingAlgorithm()).isEqualTo("RS256");
    assertThat(config.developmentKeyEncryptionKey()).isTrue();
  }

  @Test
  void shouldReadKeyEncryptionKeyAndNeverPrintIt() {
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    AuthConfig config = AuthConfig.from(new JsonObject().put("AUTH_KEY_ENCRYPTION_KEY", key));
    assertThat(config.developmentKeyEncryptionKey()).isFalse();
    assertThat(config.keyEncryptionKey().getEncoded()).hasSize(32);
    assertThat(config.toString()).doesNotContain(key).contains("keyEncryptionKey=***");
  }

  @Test
  void shouldNameEveryBadVariableWithoutEchoingTheSecret() {
    String shortKey = Base64.getEncoder().encodeToString("sixteen byte key".getBytes());
    JsonObject source = new JsonObject()
        .put("AUTH_KEY_ENCRYPTION_KEY", shortKey)
        .put("AUTH_ARGON2_MEMORY_KIB", "1024")
        .put("AUTH_SIGNING_ALGORITHM", "HS256");
    assertThatThrownBy(() -> AuthConfig.from(source))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.problems()).hasSize(3);
          assertThat(e.getMessage())
              .contains("AUTH_KEY_ENCRYPTION_KEY='***'", "AUTH_ARGON2_MEMORY_KIB='1024'", "AUTH_SIGNING_ALGORITHM='HS256'")
              .doesNotContain(shortKey);
        });
  }
}
