package io.olympus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ConfigLoaderTest {

  private static final int FILE_AUTH_PORT = 9100;
  private static final int FILE_PLATFORM_PORT = 9101;
  private static final int FLAG_AUTH_PORT = 9200;

  @Test
  void shouldReadTheConfigFileWithFlagsWinningOverIt(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = Files.createTempFile("olympus-settings-", ".json");
    Files.writeString(file, new JsonObject()
        .put("AUTH_PORT", FILE_AUTH_PORT)
        .put("PLATFORM_PORT", FILE_PLATFORM_PORT)
        .put("OLYMPUS_SERVICES", "auth,platform")
        .encode());
    JsonObject flags = new JsonObject()
        .put(ConfigLoader.CONFIG_FILE, file.toString())
        .put("AUTH_PORT", String.valueOf(FLAG_AUTH_PORT));

    ConfigLoader.load(vertx, flags)
        .onComplete(ctx.succeeding(config -> ctx.verify(() -> {
          assertThat(config.olympus().authPort()).isEqualTo(FLAG_AUTH_PORT);
          assertThat(config.olympus().platformPort()).isEqualTo(FILE_PLATFORM_PORT);
          assertThat(config.olympus().services()).containsExactlyInAnyOrder("auth", "platform");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNameTheVariableWhenTheConfigFileIsMissing(Vertx vertx, VertxTestContext ctx) {
    JsonObject flags = new JsonObject().put(ConfigLoader.CONFIG_FILE, "/no/such/olympus.json");

    ConfigLoader.load(vertx, flags)
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(StartupException.class);
          assertThat(err.getMessage()).contains("OLYMPUS_CONFIG_FILE").contains("/no/such/olympus.json");
          ctx.completeNow();
        })));
  }
}
