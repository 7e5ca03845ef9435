package io.olympus.commerce.shipping.repository;

import io.olympus.commerce.shipping.model.ShippingMethod;
import io.olympus.commerce.shipping.model.ShippingMethodInput;
import io.olympus.commerce.shipping.model.ShippingZone;
import io.olympus.commerce.shipping.model.ShippingZoneInput;
import io.olympus.common.error.NotFoundException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads and writes shipping zones, methods and rates. Callers own the transaction. */
public final class ShippingRepository {

  public Future<Void> insertZone(SqlClient client, UUID tenantId, UUID id, ShippingZoneInput input) {
    return client.preparedQuery(ShippingSql.INSERT_ZONE)
        .execute(Tuple.of(tenantId, id, input.name(), (Object) input.areas().toArray(String[]::new)))
        .mapEmpty();
  }

  public Future<Boolean> deleteZone(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(ShippingSql.DELETE_ZONE).execute(Tuple.of(tenantId, id)).map(r -> r.rowCount() == 1);
  }

  /** Inserts a method into a zone; NotFoundException when the tenant has no such zone. */
  public Future<Void> insertMethod(SqlClient client, UUID tenantId, UUID zoneId, UUID id, ShippingMethodInput input) {
    return client.preparedQuery(ShippingSql.ZONE_EXISTS).execute(Tuple.of(tenantId, zoneId))
        .compose(found -> found.size() == 0
            ? Future.failedFuture(new NotFoundException("shipping zone " + zoneId + " not found"))
            : client.preparedQuery(ShippingSql.INSERT_METHOD).execute(Tuple.of(tenantId, id, zoneId, input.name(),
                input.carrier(), input.basis(), input.currency(), input.freeOverAmount())))
        .compose(inserted -> client.preparedQuery(ShippingSql.INSERT_RATE).executeBatch(input.rates().stream()
            .map(r -> Tuple.of(tenantId, id, r.minValue(), r.amount())).toList()))
        .mapEmpty();
  }

  public Future<Boolean> deleteMethod(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(ShippingSql.DELETE_METHOD).execute(Tuple.of(tenantId, id)).map(r -> r.rowCount() == 1);
  }

  /** Every zone of the tenant with its methods and their rates. */
  public Future<List<ShippingZone>> zones(SqlClient client, UUID tenantId) {
    Future<List<Row>> zones = client.preparedQuery(ShippingSql.ZONES).execute(Tuple.of(tenantId)).map(ShippingRepository::rows);
    Future<List<Row>> methods = client.preparedQuery(ShippingSql.METHODS).execute(Tuple.of(tenantId)).map(ShippingRepository::rows);
    return Future.all(zones, methods).map(both -> {
      Map<UUID, List<ShippingMethod>> byZone = new LinkedHashMap<>();
      for (Row row : methods.result()) {
        Long[] mins = row.getArrayOfLongs("mins");
        Long[] amounts = row.getArrayOfLongs("amounts");
        List<ShippingMethod.Rate> rates = new ArrayList<>();
        for (int i = 0; i < mins.length; i++) {
          rates.add(new ShippingMethod.Rate(mins[i], amounts[i]));
        }
        ShippingMethod method = new ShippingMethod(row.getUUID("id"), row.getUUID("zone_id"), row.getString("name"),
            row.getString("carrier"), row.getString("basis"), row.getString("currency"), row.getLong("free_over_amount"),
            row.getBoolean("active"), rates);
        byZone.computeIfAbsent(method.zoneId(), k -> new ArrayList<>()).add(method);
      }
      List<ShippingZone> out = new ArrayList<>();
      for (Row row : zones.result()) {
        UUID id = row.getUUID("id");
        out.add(new ShippingZone(id, row.getString("name"), Arrays.asList(row.getArrayOfStrings("areas")),
            byZone.getOrDefault(id, List.of())));
      }
      return out;
    });
  }

  private static List<Row> rows(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Row> out = new ArrayList<>();
    rows.forEach(out::add);
    return out;
  }
}
