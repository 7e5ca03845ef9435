package io.olympus.common.http;

import io.olympus.common.security.Credential;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The security an OpenAPI document declares, per operation: the {@link Credential}s each operation accepts, none for
 * a public one. An operation's own {@code security} wins over the document's; every operation must have one or the
 * other, so an endpoint cannot be added without saying who may call it.
 *
 * <p>Read from the document itself rather than from vertx-openapi's contract
 * ({@code Operation.getSecurityRequirements()}): {@link OpenApiDocuments#forValidation} hands the router a copy without
 * {@code security}, because vertx-web-openapi-router 5.0 resolves every declared requirement at {@code createRouter()}
 * into vertx-web auth handlers ({@code RouterBuilder.security(name)} takes a {@code JWTAuthHandler} or
 * {@code APIKeyHandler} over a vertx-auth provider), which would bypass Olympus's own verification (key refresh,
 * tenant, IP lists, revocation feed, plan budgets). Olympus authenticates with its own {@code AuthenticationHandler},
 * mounted by {@link ServiceHttpVerticle} from what this reads.
 *
 * <p>Supported declarations: {@code security: []} (public), and any list of single-scheme requirements naming an
 * {@code http}/{@code bearer} scheme (an access token) or an {@code apiKey} scheme in the {@code X-Api-Key} header;
 * {@code [{bearer: []}, {apiKey: []}]} accepts either. Anything else — a requirement naming two schemes at once, the
 * empty requirement {@code {}} (optional authentication), another kind of scheme, an undefined scheme — fails with
 * IllegalArgumentException naming the operation.
 */
public final class ContractSecurity {

  private ContractSecurity() {}

  /**
   * The accepted credentials of every operation of {@code document}, by operation id (an empty set: public), in
   * document order. Throws IllegalArgumentException naming an operation whose security is missing or not supported.
   */
  public static Map<String, Set<Credential>> byOperation(JsonObject document) {
    JsonObject schemes = document.getJsonObject("components", new JsonObject())
        .getJsonObject("securitySchemes", new JsonObject());
    JsonArray fallback = document.getJsonArray("security");
    Map<String, Set<Credential>> declared = new LinkedHashMap<>();
    JsonObject paths = document.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation && operation.getString("operationId") != null) {
          String name = operation.getString("operationId") + " (" + method.toUpperCase() + " " + path + ")";
          JsonArray security = operation.getJsonArray("security", fallback);
          if (security == null) {
            throw new IllegalArgumentException("operation " + name + " declares no security: list the schemes it "
                + "accepts, e.g. security: [{bearer: []}], or security: [] when it is public");
          }
          declared.put(operation.getString("operationId"), credentials(name, security, schemes));
        }
      }
    }
    return declared;
  }

  /** Whether the operation declares its own {@code security} (not only the document's default). */
  public static boolean declaresOwn(JsonObject operation) {
    return operation.getValue("security") instanceof JsonArray;
  }

  private static Set<Credential> credentials(String operation, JsonArray security, JsonObject schemes) {
    Set<Credential> accepted = EnumSet.noneOf(Credential.class);
    for (Object entry : security) {
      if (!(entry instanceof JsonObject requirement) || requirement.size() != 1) {
        throw new IllegalArgumentException("operation " + operation + ": each security requirement names exactly one "
            + "scheme (" + entry + "); declare security: [] for a public operation");
      }
      String scheme = requirement.fieldNames().iterator().next();
      accepted.add(credential(operation, scheme, schemes.getJsonObject(scheme)));
    }
    return Set.copyOf(accepted);
  }

  private static Credential credential(String operation, String name, JsonObject scheme) {
    if (scheme == null) {
      throw new IllegalArgumentException("operation " + operation + " names security scheme " + name
          + ", which components.securitySchemes does not define");
    }
    String type = scheme.getString("type", "");
    if (type.equals("http") && "bearer".equalsIgnoreCase(scheme.getString("scheme"))) {
      return Credential.ACCESS_TOKEN;
    }
    if (type.equals("apiKey") && "header".equals(scheme.getString("in"))
        && Credential.API_KEY_HEADER.equalsIgnoreCase(scheme.getString("name"))) {
      return Credential.API_KEY;
    }
    throw new IllegalArgumentException("operation " + operation + ": security scheme " + name + " is neither a bearer "
        + "access token (type: http, scheme: bearer) nor an API key (type: apiKey, in: header, name: "
        + Credential.API_KEY_HEADER + ")");
  }
}
