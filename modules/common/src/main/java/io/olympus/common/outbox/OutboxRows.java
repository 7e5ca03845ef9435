package io.olympus.common.outbox;

import io.olympus.common.event.EventEnvelope;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** Maps outbox rows to envelopes. */
final class OutboxRows {

  private OutboxRows() {}

  static EventEnvelope toEnvelope(Row row) {
    JsonObject payload = row.getJsonObject("payload");
    return new EventEnvelope(
        row.getUUID("id"),
        row.getString("type"),
        row.getInteger("schema_version"),
        row.getUUID("tenant_id"),
        row.getString("aggregate_type"),
        row.getString("aggregate_id"),
        row.getOffsetDateTime("occurred_at").toInstant(),
        row.getString("correlation_id"),
        payload == null ? new JsonObject() : payload);
  }
}
