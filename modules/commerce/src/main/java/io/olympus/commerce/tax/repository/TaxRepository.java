package io.olympus.commerce.tax.repository;

import io.olympus.commerce.tax.model.TaxRate;
import io.olympus.commerce.tax.model.TaxRegion;
import io.olympus.commerce.tax.model.TaxRegionInput;
import io.olympus.common.db.PgErrors;
import io.olympus.common.error.ConflictException;
import io.olympus.common.error.NotFoundException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Reads and writes tax regions, their rates and the tenant's tax settings. Callers own the transaction. */
public final class TaxRepository {

  /** Inserts a region with its rates; ConflictException when the tenant already has a region for that area. */
  public Future<Void> insertRegion(SqlClient client, UUID tenantId, UUID id, TaxRegionInput input) {
    return client.preparedQuery(TaxSql.INSERT_REGION)
        .execute(Tuple.of(tenantId, id, input.name(), input.country(), input.region(), input.postalPrefix()))
        .recover(err -> Future.failedFuture(PgErrors.uniqueViolation(err)
            ? new ConflictException("a tax region for this country, region and postal prefix exists already")
            : err))
        .compose(ignored -> insertRates(client, tenantId, id, input.rates()));
  }

  /** Replaces a region's area and rates; false when the tenant has no such region. */
  public Future<Boolean> updateRegion(SqlClient client, UUID tenantId, UUID id, TaxRegionInput input) {
    return client.preparedQuery(TaxSql.UPDATE_REGION)
        .execute(Tuple.of(tenantId, id, input.name(), input.country(), input.region(), input.postalPrefix()))
        .recover(err -> Future.failedFuture(PgErrors.uniqueViolation(err)
            ? new ConflictException("a tax region for this country, region and postal prefix exists already")
            : err))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
            : client.preparedQuery(TaxSql.DELETE_RATES).execute(Tuple.of(tenantId, id))
                .compose(deleted -> insertRates(client, tenantId, id, input.rates()))
                .map(true));
  }

  private Future<Void> insertRates(SqlClient client, UUID tenantId, UUID regionId, List<TaxRate> rates) {
    if (rates.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = rates.stream()
        .map(r -> Tuple.of(tenantId, regionId, r.taxCategory(), r.name(), r.ratePpm()))
        .toList();
    return client.preparedQuery(TaxSql.INSERT_RATE).executeBatch(batch).mapEmpty();
  }

  public Future<Boolean> deleteRegion(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(TaxSql.DELETE_REGION).execute(Tuple.of(tenantId, id)).map(rows -> rows.rowCount() == 1);
  }

  public Future<List<TaxRegion>> regions(SqlClient client, UUID tenantId) {
    return client.preparedQuery(TaxSql.REGIONS).execute(Tuple.of(tenantId)).map(TaxRepository::regions);
  }

  /** Every region of the tenant in {@code country}, with its rates. */
  public Future<List<TaxRegion>> regionsOf(SqlClient client, UUID tenantId, String country) {
    return client.preparedQuery(TaxSql.REGIONS_OF_COUNTRY).execute(Tuple.of(tenantId, country))
        .map(TaxRepository::regions);
  }

  public Future<Optional<TaxRegion>> region(SqlClient client, UUID tenantId, UUID id) {
    return client.preparedQuery(TaxSql.REGION).execute(Tuple.of(tenantId, id))
        .map(rows -> regions(rows).stream().findFirst());
  }

  /** Whether the variants' own prices include tax (false until set). */
  public Future<Boolean> pricesIncludeTax(SqlClient client, UUID tenantId) {
    return client.preparedQuery(TaxSql.SETTINGS).execute(Tuple.of(tenantId))
        .map(rows -> rows.size() == 1 && rows.iterator().next().getBoolean("prices_include_tax"));
  }

  public Future<Void> savePricesIncludeTax(SqlClient client, UUID tenantId, boolean included) {
    return client.preparedQuery(TaxSql.SAVE_SETTINGS).execute(Tuple.of(tenantId, included)).mapEmpty();
  }

  /** Of {@code listIds}, the price lists whose prices include tax. */
  public Future<Set<UUID>> listsIncludingTax(SqlClient client, UUID tenantId, List<UUID> listIds) {
    if (listIds.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return client.preparedQuery(TaxSql.LISTS_INCLUDING_TAX)
        .execute(Tuple.of(tenantId, (Object) listIds.toArray(UUID[]::new)))
        .map(rows -> {
          Set<UUID> ids = new HashSet<>();
          rows.forEach(row -> ids.add(row.getUUID("id")));
          return ids;
        });
  }

  /** Says whether a price list's prices include tax; NotFoundException when the tenant has no such list. */
  public Future<Void> setListIncludesTax(SqlClient client, UUID tenantId, UUID listId, boolean included) {
    return client.preparedQuery(TaxSql.SET_LIST_INCLUDES_TAX).execute(Tuple.of(tenantId, listId, included))
        .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(new NotFoundException("price list " + listId + " not found")));
  }

  /** Sets a variant's tax category (null: {@code standard}); NotFoundException when the tenant has no such variant. */
  public Future<Void> setVariantCategory(SqlClient client, UUID tenantId, UUID variantId, String category) {
    return client.preparedQuery(TaxSql.SET_VARIANT_CATEGORY).execute(Tuple.of(tenantId, variantId, category))
        .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(new NotFoundException("variant " + variantId + " not found")));
  }

  private static List<TaxRegion> regions(RowSet<Row> rows) {
    Map<UUID, List<TaxRate>> rates = new LinkedHashMap<>();
    Map<UUID, Row> heads = new LinkedHashMap<>();
    for (Row row : rows) {
      UUID id = row.getUUID("id");
      heads.putIfAbsent(id, row);
      List<TaxRate> list = rates.computeIfAbsent(id, k -> new ArrayList<>());
      if (row.getString("tax_category") != null) {
        list.add(new TaxRate(row.getString("tax_category"), row.getString("rate_name"), row.getInteger("rate_ppm")));
      }
    }
    List<TaxRegion> regions = new ArrayList<>();
    heads.forEach((id, row) -> regions.add(new TaxRegion(id, row.getString("name"), row.getString("country"),
        row.getString("region"), row.getString("postal_prefix"), rates.get(id))));
    return regions;
  }
}
