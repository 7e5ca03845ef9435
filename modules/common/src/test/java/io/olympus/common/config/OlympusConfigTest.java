package io.olympus.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class OlympusConfigTest {

  @Test
  void shouldUseDefaultsWhenNothingIsSet() {
    OlympusConfig config = OlympusConfig.from(new JsonObject());

    assertThat(config.databaseUrl()).isEmpty();
    assertThat(config.redisUrl()).isEmpty();
    assertThat(config.services()).containsExactlyInAnyOrder("auth", "platform", "commerce");
    assertThat(config.authPort()).isEqualTo(8000);
    assertThat(config.platformPort()).isEqualTo(8001);
    assertThat(config.commercePort()).isEqualTo(8002);
    assertThat(config.cluster().enabled()).isFalse();
  }

  @Test
  void shouldParseExternalServers() {
    OlympusConfig config = OlympusConfig.from(new JsonObject()
        .put("DATABASE_URL", "postgres://owner:s%40cret@db.internal:6432/olympus")
        .put("REDIS_URL", "redis://cache:6380/2")
        .put("OLYMPUS_SERVICES", "auth, commerce"));

    assertThat(config.databaseUrl()).hasValueSatisfying(db -> {
      assertThat(db.host()).isEqualTo("db.internal");
      assertThat(db.port()).isEqualTo(6432);
      assertThat(db.database()).isEqualTo("olympus");
      assertThat(db.user()).isEqualTo("owner");
      assertThat(db.password()).isEqualTo("s@cret");
    });
    assertThat(config.redisUrl()).hasValueSatisfying(r -> assertThat(r.port()).isEqualTo(6380));
    assertThat(config.services()).containsExactlyInAnyOrder("auth", "commerce");
  }

  @Test
  void shouldNameEveryBadVariableAndHideThePassword() {
    assertThatThrownBy(() -> OlympusConfig.from(new JsonObject()
        .put("DATABASE_URL", "mysql://root:hunter2@localhost/db")
        .put("AUTH_PORT", "eighty")
        .put("OLYMPUS_SERVICES", "auth,billing")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DATABASE_URL")
        .hasMessageContaining("postgres://user:password@host:5432/database")
        .hasMessageContaining("AUTH_PORT")
        .hasMessageContaining("OLYMPUS_SERVICES")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void shouldParseTrustedProxiesAndRefuseABadBlock() {
    OlympusConfig config = OlympusConfig.from(new JsonObject()
        .put("OLYMPUS_TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8::/32")
        .put("OLYMPUS_FORWARDED_HEADER", "Forwarded"));

    assertThat(config.proxies().trusted().blocks()).hasSize(2);
    assertThat(config.proxies().header()).isEqualTo(io.olympus.common.net.ClientIp.Header.FORWARDED);
    assertThat(OlympusConfig.from(new JsonObject()).proxies().trusted().isEmpty()).isTrue();
    assertThatThrownBy(() -> OlympusConfig.from(new JsonObject()
        .put("OLYMPUS_TRUSTED_PROXIES", "10.0.0.0/8,proxy.internal")
        .put("OLYMPUS_FORWARDED_HEADER", "x-real-ip")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OLYMPUS_TRUSTED_PROXIES")
        .hasMessageContaining("proxy.internal")
        .hasMessageContaining("OLYMPUS_FORWARDED_HEADER");
  }
}
