package io.olympus.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

  private static final UUID DEFAULT_TENANT = UUID.fromString("0190a1b2-0000-7000-8000-000000000001");

  @Test
  void shouldRoundTripThroughJson() {
    EventEnvelope event = EventEnvelope.of("order.created", DEFAULT_TENANT, "order", "o-1", "corr-1",
        new JsonObject().put("total_minor", 1999).put("currency", "EUR"));

    EventEnvelope back = EventEnvelope.fromJson(new JsonObject(event.toJson().encode()));

    assertThat(back).isEqualTo(event);
    assertThat(back.address()).isEqualTo("events.order.created");
  }

  @Test
  void shouldUseTimeOrderedIds() {
    UUID first = Uuids.v7(1_700_000_000_000L);
    UUID second = Uuids.v7(1_700_000_000_001L);

    assertThat(first.version()).isEqualTo(7);
    assertThat(first.variant()).isEqualTo(2);
    assertThat(Uuids.timestampOf(first)).isEqualTo(1_700_000_000_000L);
    assertThat(first.toString().compareTo(second.toString())).isNegative();
  }

  @Test
  void shouldRejectMissingFieldsByName() {
    JsonObject json = EventEnvelope.of("user.registered", null, "user", "u-1", null, new JsonObject()).toJson();
    json.remove("aggregate_id");

    assertThatThrownBy(() -> EventEnvelope.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aggregate_id");
  }
}
