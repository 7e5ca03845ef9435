package io.olympus.commerce.inventory.model;

import io.olympus.commerce.support.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** A hold on stock: held until committed, released or expired. */
public record Reservation(UUID id, String status, String reference, Instant expiresAt, Instant createdAt,
                          List<ReservationLine> lines) {

  public static final Function<Row, Reservation> MAPPER = row -> new Reservation(
      row.getUUID("id"),
      row.getString("status"),
      row.getString("reference"),
      Rows.instant(row.getOffsetDateTime("expires_at")),
      Rows.instant(row.getOffsetDateTime("created_at")),
      List.of());

  public Reservation with(List<ReservationLine> lines) {
    return new Reservation(id, status, reference, expiresAt, createdAt, List.copyOf(lines));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("status", status)
        .put("reference", reference)
        .put("expires_at", expiresAt.toString())
        .put("created_at", createdAt.toString())
        .put("lines", new JsonArray(lines.stream().map(ReservationLine::toJson).toList()));
  }
}
