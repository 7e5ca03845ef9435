package io.olympus.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.common.security.Credential;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContractSecurityTest {

  private static final JsonObject SCHEMES = new JsonObject()
      .put("bearer", new JsonObject().put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT"))
      .put("apiKey", new JsonObject().put("type", "apiKey").put("in", "header").put("name", "X-Api-Key"))
      .put("basic", new JsonObject().put("type", "http").put("scheme", "basic"))
      .put("queryKey", new JsonObject().put("type", "apiKey").put("in", "query").put("name", "key"));

  @Test
  void shouldReadTheCredentialsEachOperationDeclares() {
    JsonObject document = document(new JsonObject()
        .put("get", operation("listThings", requirements("bearer", "apiKey")))
        .put("post", operation("createThing", requirements("bearer")))
        .put("delete", operation("deleteThing", new JsonArray())));

    assertThat(ContractSecurity.byOperation(document)).containsExactly(
        Map.entry("listThings", Set.of(Credential.ACCESS_TOKEN, Credential.API_KEY)),
        Map.entry("createThing", Set.of(Credential.ACCESS_TOKEN)),
        Map.entry("deleteThing", Set.of()));
  }

  @Test
  void shouldLetTheDocumentsDefaultApplyWhereAnOperationDeclaresNone() {
    JsonObject document = document(new JsonObject()
        .put("get", new JsonObject().put("operationId", "listThings"))
        .put("post", operation("createThing", new JsonArray())))
        .put("security", requirements("apiKey"));

    assertThat(ContractSecurity.byOperation(document))
        .containsEntry("listThings", Set.of(Credential.API_KEY))
        .containsEntry("createThing", Set.of());
    assertThat(ContractSecurity.declaresOwn(new JsonObject().put("operationId", "listThings"))).isFalse();
  }

  @Test
  void shouldRefuseAnOperationThatDeclaresNoSecurityNamingIt() {
    JsonObject document = document(new JsonObject().put("get", new JsonObject().put("operationId", "listThings")));

    assertThatThrownBy(() -> ContractSecurity.byOperation(document))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation listThings (GET /things) declares no security");
  }

  @Test
  void shouldRefuseOptionalAndCombinedRequirements() {
    JsonObject optional = document(new JsonObject().put("get", operation("listThings",
        new JsonArray().add(new JsonObject()))));
    JsonObject combined = document(new JsonObject().put("get", operation("listThings",
        new JsonArray().add(new JsonObject().put("bearer", new JsonArray()).put("apiKey", new JsonArray())))));

    assertThatThrownBy(() -> ContractSecurity.byOperation(optional))
        .hasMessageContaining("each security requirement names exactly one scheme");
    assertThatThrownBy(() -> ContractSecurity.byOperation(combined))
        .hasMessageContaining("each security requirement names exactly one scheme");
  }

  @Test
  void shouldRefuseSchemesItCannotAuthenticate() {
    for (String scheme : new String[] {"basic", "queryKey"}) {
      JsonObject document = document(new JsonObject().put("get", operation("listThings", requirements(scheme))));

      assertThatThrownBy(() -> ContractSecurity.byOperation(document))
          .hasMessageContaining("security scheme " + scheme + " is neither a bearer access token");
    }
    JsonObject undefined = document(new JsonObject().put("get", operation("listThings", requirements("oauth"))));
    assertThatThrownBy(() -> ContractSecurity.byOperation(undefined))
        .hasMessageContaining("names security scheme oauth, which components.securitySchemes does not define");
  }

  private static JsonObject document(JsonObject pathItem) {
    return new JsonObject()
        .put("openapi", "3.1.0")
        .put("paths", new JsonObject().put("/things", pathItem.put("parameters", new JsonArray())))
        .put("components", new JsonObject().put("securitySchemes", SCHEMES));
  }

  private static JsonObject operation(String operationId, JsonArray security) {
    return new JsonObject().put("operationId", operationId).put("security", security);
  }

  private static JsonArray requirements(String... schemes) {
    JsonArray requirements = new JsonArray();
    for (String scheme : schemes) {
      requirements.add(new JsonObject().put(scheme, new JsonArray()));
    }
    return requirements;
  }
}
