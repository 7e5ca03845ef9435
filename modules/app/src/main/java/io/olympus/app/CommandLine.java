package io.olympus.app;

import io.vertx.core.json.JsonObject;

/** Command-line flags; each maps to the environment variable it overrides. */
final class CommandLine {

  static final String HELP = "help";
  static final String USAGE = """
      usage: java -jar olympus.jar [--services=auth,platform,commerce] [--config=settings.json]
        --services=LIST   services to run in this process (OLYMPUS_SERVICES), default all three
        --config=FILE     JSON file of settings (OLYMPUS_CONFIG_FILE); environment variables win over it
        --help            this text
      Every other setting is an environment variable; see the configuration table in the README.""";

  private CommandLine() {}

  /** The flags as settings; throws IllegalArgumentException naming an unknown or malformed argument. */
  static JsonObject parse(String[] args) {
    JsonObject flags = new JsonObject();
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        flags.put(HELP, true);
      } else if (arg.startsWith("--services=")) {
        flags.put("OLYMPUS_SERVICES", arg.substring("--services=".length()));
      } else if (arg.startsWith("--config=")) {
        flags.put(ConfigLoader.CONFIG_FILE, arg.substring("--config=".length()));
      } else {
        throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    return flags;
  }
}
