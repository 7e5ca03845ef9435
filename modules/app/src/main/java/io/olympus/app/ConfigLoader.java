package io.olympus.app;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the raw settings with vertx-config: the optional JSON file named by {@code OLYMPUS_CONFIG_FILE},
 * then environment variables (which win over the file), then command-line flags (which win over both).
 */
public final class ConfigLoader {

  public static final String CONFIG_FILE = "OLYMPUS_CONFIG_FILE";

  private ConfigLoader() {}

  /**
   * Loads and parses the configuration; fails with {@link io.olympus.common.config.ConfigException} or
   * {@link StartupException} naming the bad variable.
   */
  public static Future<LaunchConfig> load(Vertx vertx, JsonObject flags) {
    return raw(vertx, flags)
        .map(LaunchConfig::from);
  }

  /** The merged key/value settings, before validation. */
  public static Future<JsonObject> raw(Vertx vertx, JsonObject flags) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0);
    Optional<String> file = Optional.ofNullable(flags.getString(CONFIG_FILE))
        .or(() -> Optional.ofNullable(System.getenv(CONFIG_FILE)))
        .filter(name -> !name.isBlank());
    if (file.isPresent()) {
      if (!Files.isRegularFile(Path.of(file.get()))) {
        return Future.failedFuture(new StartupException(
            CONFIG_FILE + "='" + file.get() + "' is invalid: expected the path of a readable JSON file"));
      }
      options.addStore(new ConfigStoreOptions()
          .setType("file")
          .setFormat("json")
          .setConfig(new JsonObject().put("path", file.get())));
    }
    options.addStore(new ConfigStoreOptions()
        .setType("env")
        .setConfig(new JsonObject().put("raw-data", true)));
    options.addStore(new ConfigStoreOptions()
        .setType("json")
        .setConfig(flags));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .recover(err -> Future.failedFuture(new StartupException(
            CONFIG_FILE + "='" + file.orElse("") + "' could not be read: expected a JSON object of settings ("
                + err.getMessage() + ")", err)))
        .eventually(retriever::close);
  }
}
