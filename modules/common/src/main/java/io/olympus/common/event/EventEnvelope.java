package io.olympus.common.event;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope every domain event travels in, on the event bus, on Redis and in the outbox.
 * {@code type} is dotted lowercase ({@code order.created}); it names the bus address and Redis
 * channel {@code events.<type>}.
 */
public record EventEnvelope(
    UUID id,
    String type,
    int schemaVersion,
    UUID tenantId,
    String aggregateType,
    String aggregateId,
    Instant occurredAt,
    String correlationId,
    JsonObject payload) {

  public static final String ADDRESS_PREFIX = "events.";

  public EventEnvelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(aggregateType, "aggregateType");
    Objects.requireNonNull(aggregateId, "aggregateId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(payload, "payload");
    if (!type.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+")) {
      throw new IllegalArgumentException("event type must be dotted lowercase, e.g. order.created: " + type);
    }
    occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
  }

  /** A new event with a fresh v7 id, occurring now. */
  public static EventEnvelope of(String type, UUID tenantId, String aggregateType, String aggregateId,
                                 String correlationId, JsonObject payload) {
    return new EventEnvelope(Uuids.v7(), type, 1, tenantId, aggregateType, aggregateId, Instant.now(),
        correlationId, payload);
  }

  /** The event-bus address and Redis channel of this event: {@code events.<type>}. */
  public String address() {
    return ADDRESS_PREFIX + type;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("type", type)
        .put("schema_version", schemaVersion)
        .put("tenant_id", tenantId == null ? null : tenantId.toString())
        .put("aggregate_type", aggregateType)
        .put("aggregate_id", aggregateId)
        .put("occurred_at", occurredAt.toString())
        .put("correlation_id", correlationId)
        .put("payload", payload);
  }

  /** Parses the JSON form; throws IllegalArgumentException naming the bad field. */
  public static EventEnvelope fromJson(JsonObject json) {
    try {
      String tenant = json.getString("tenant_id");
      return new EventEnvelope(
          UUID.fromString(required(json, "id")),
          required(json, "type"),
          json.getInteger("schema_version", 1),
          tenant == null ? null : UUID.fromString(tenant),
          required(json, "aggregate_type"),
          required(json, "aggregate_id"),
          Instant.parse(required(json, "occurred_at")),
          json.getString("correlation_id"),
          json.getJsonObject("payload", new JsonObject()));
    } catch (ClassCastException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("malformed event envelope: " + e.getMessage(), e);
    }
  }

  private static String required(JsonObject json, String field) {
    String value = json.getString(field);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("event envelope field '" + field + "' is missing");
    }
    return value;
  }
}
