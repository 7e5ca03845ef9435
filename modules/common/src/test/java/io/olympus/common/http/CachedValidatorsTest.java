package io.olympus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import org.junit.jupiter.api.Test;

class CachedValidatorsTest {

  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012).setBaseUri("https://olympus.test/");

  @Test
  void shouldHandOutOneValidatorPerSchemaThatStillValidates() {
    SchemaRepository repository = CachedValidators.caching(SchemaRepository.create(OPTIONS));
    JsonSchema uuid = JsonSchema.of(new JsonObject().put("type", "string").put("format", "uuid"));
    JsonSchema other = JsonSchema.of(new JsonObject().put("type", "integer"));

    Validator first = repository.validator(uuid);
    Validator second = repository.validator(uuid);

    assertThat(second).isSameAs(first);
    assertThat(repository.validator(other)).isNotSameAs(first);
    assertThat(first.validate("01a20196-3c89-7e29-af11-107cbb0ce6f8").getValid()).isTrue();
    assertThat(first.validate(42).getValid()).isFalse();
  }
}
