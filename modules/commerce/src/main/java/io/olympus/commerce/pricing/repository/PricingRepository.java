package io.olympus.commerce.pricing.repository;

import io.olympus.commerce.pricing.model.PriceEntryInput;
import io.olympus.commerce.pricing.model.PriceList;
import io.olympus.commerce.pricing.model.PriceListInput;
import io.olympus.commerce.pricing.model.Quote;
import io.olympus.commerce.pricing.model.QuoteRequest;
import io.olympus.commerce.support.Money;
import io.olympus.commerce.support.Rows;
import io.olympus.common.db.PgErrors;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.event.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes price lists and their entries. Callers own the transaction and tenant. */
public final class PricingRepository {

  public Future<PriceList> insertList(SqlClient client, UUID tenantId, PriceListInput input) {
    return client.preparedQuery(PricingSql.INSERT_LIST)
        .execute(Tuple.of(tenantId, Uuids.v7(), input.name(), input.currency(), input.locationId(), input.customerGroup()))
        .map(rows -> PriceList.MAPPER.apply(rows.iterator().next()));
  }

  /** Adds an entry; NotFoundException when the list or the variant does not exist in the tenant. */
  public Future<UUID> insertEntry(SqlClient client, UUID tenantId, UUID listId, PriceEntryInput e) {
    return client.preparedQuery(PricingSql.INSERT_ENTRY)
        .execute(Tuple.of(tenantId, Uuids.v7(), listId, e.variantId(), e.minQuantity(), e.amount(), utc(e.startsAt()),
            utc(e.endsAt())))
        .map(rows -> rows.iterator().next().getUUID("id"))
        .recover(err -> Future.failedFuture(PgErrors.foreignKeyViolation(err)
            ? new NotFoundException("price list " + listId + " or variant " + e.variantId() + " not found")
            : err));
  }

  /** The list with its entries (variant, tier, window order), or empty when the tenant has no such list. */
  public Future<Optional<JsonObject>> findList(SqlClient client, UUID tenantId, UUID listId) {
    return client.preparedQuery(PricingSql.LIST).execute(Tuple.of(tenantId, listId))
        .map(rows -> Rows.first(rows, PriceList.MAPPER))
        .compose(list -> list.isEmpty() ? Future.succeededFuture(Optional.<JsonObject>empty())
            : client.preparedQuery(PricingSql.ENTRIES).execute(Tuple.of(tenantId, listId))
                .map(rows -> Optional.of(list.get().toJson().put("entries", new JsonArray(Rows.all(rows, row ->
                    new JsonObject()
                        .put("id", row.getUUID("id").toString())
                        .put("variant_id", row.getUUID("variant_id").toString())
                        .put("min_quantity", row.getInteger("min_quantity"))
                        .put("amount", row.getLong("amount"))
                        .put("starts_at", instantText(row.getOffsetDateTime("starts_at")))
                        .put("ends_at", instantText(row.getOffsetDateTime("ends_at")))))))));
  }

  private static String instantText(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }

  public Future<Optional<Money>> basePrice(SqlClient client, UUID tenantId, UUID variantId) {
    return client.preparedQuery(PricingSql.VARIANT_PRICE)
        .execute(Tuple.of(tenantId, variantId))
        .map(rows -> Rows.first(rows, row -> new Money(row.getLong("price_amount"), row.getString("currency"))));
  }

  /** The cheapest applicable entry as (amount, rule). */
  public Future<Optional<Candidate>> bestEntry(SqlClient client, UUID tenantId, QuoteRequest q, String currency) {
    return client.preparedQuery(PricingSql.BEST_ENTRY)
        .execute(Tuple.of(tenantId, q.variantId(), currency, q.quantity(), q.locationId(), q.customerGroup(), utc(q.at())))
        .map(rows -> Rows.first(rows, row -> new Candidate(row.getLong("amount"), new Quote.Rule("price_list",
            row.getUUID("list_id"), row.getString("name"), row.getUUID("id"), row.getInteger("min_quantity"),
            Rows.instant(row.getOffsetDateTime("starts_at")), Rows.instant(row.getOffsetDateTime("ends_at"))))));
  }

  /** A price-list entry's amount and the rule describing it. */
  public record Candidate(long amount, Quote.Rule rule) {}

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
