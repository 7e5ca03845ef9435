package io.olympus.common.commerce;

import io.olympus.common.testing.ServiceHarness;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.bus.BusContract;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every consumer of {@link CommerceUsage} relies on, asked through {@link CommerceUsageClient} over the bus. Run
 * against commerce's real server side ({@code CommerceUsageServerContractTest}, commerce module) and against
 * {@link FakeCommerceUsage} ({@code FakeCommerceUsageContractTest}, common).
 */
public abstract class CommerceUsageContract extends BusContract {

  /** {@code count} products of the tenant in {@code status} (blocking). */
  protected abstract void givenProducts(UUID tenantId, String status, int count);

  private CommerceUsageClient client() {
    return new CommerceUsageClient(ServiceHarness.bus(vertx));
  }

  @Test
  public void shouldCountDraftAndActiveProducts(VertxTestContext ctx) {
    UUID tenant = UUID.randomUUID();
    givenProducts(tenant, "active", 2);
    givenProducts(tenant, "draft", 1);

    expect(ctx, client().productCount(tenant), count -> assertThat(count).isEqualTo(3L));
  }

  @Test
  public void shouldNotCountArchivedProducts(VertxTestContext ctx) {
    UUID tenant = UUID.randomUUID();
    givenProducts(tenant, "active", 1);
    givenProducts(tenant, "archived", 2);

    expect(ctx, client().productCount(tenant), count -> assertThat(count).isEqualTo(1L));
  }

  @Test
  public void shouldCountZeroForATenantWithoutProducts(VertxTestContext ctx) {
    UUID other = UUID.randomUUID();
    givenProducts(other, "active", 2);

    expect(ctx, client().productCount(UUID.randomUUID()), count -> assertThat(count).isZero());
  }

  @Test
  public void shouldAnswerWithTheDocumentedFieldNames(VertxTestContext ctx) {
    UUID tenant = UUID.randomUUID();
    givenProducts(tenant, "active", 1);

    expect(ctx, raw(CommerceAddresses.PRODUCTS_COUNT, new JsonObject().put("tenant_id", tenant.toString())),
        reply -> {
          assertThat(reply.fieldNames()).containsExactly("products");
          assertThat(reply.getLong("products")).isEqualTo(1L);
        });
  }

  @Test
  public void shouldRefuseARequestWithoutATenantUuidNamingTenantId(VertxTestContext ctx) {
    expect(ctx, Future.all(
            raw(CommerceAddresses.PRODUCTS_COUNT, new JsonObject().put("tenant_id", "nope"))
                .transform(ar -> Future.succeededFuture(fields(ar.cause()))),
            raw(CommerceAddresses.PRODUCTS_COUNT, new JsonObject())
                .transform(ar -> Future.succeededFuture(fields(ar.cause())))),
        both -> {
          assertThat(both.<List<String>>resultAt(0)).containsExactly("tenant_id");
          assertThat(both.<List<String>>resultAt(1)).containsExactly("tenant_id");
        });
  }
}
