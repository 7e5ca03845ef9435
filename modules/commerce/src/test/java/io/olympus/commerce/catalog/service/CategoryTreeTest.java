package io.olympus.commerce.catalog.service;

import io.olympus.commerce.catalog.model.Category;
import io.olympus.commerce.catalog.model.CategoryInput;
import io.olympus.commerce.catalog.repository.CategoryRepository;
import io.olympus.commerce.catalog.repository.ProductRepository;
import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.commerce.support.RecordingEventSink;
import io.olympus.common.error.FieldError;
import io.olympus.common.error.NotFoundException;
import io.olympus.common.error.PreconditionFailedException;
import io.olympus.common.error.ValidationException;
import io.olympus.common.event.Uuids;
import io.olympus.common.testing.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CategoryTreeTest {

  private static final UUID TENANT = Uuids.v7();

  private Pool pool;
  private CatalogService catalog;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestInfra.get().truncateAll();
    pool = TestInfra.get().appPool(vertx);
    catalog = new CatalogService(pool, new ProductRepository(), new CategoryRepository(), new RecordingEventSink());
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
  }

  private Category create(String slug, UUID parent) {
    JsonObject json = new JsonObject().put("name", slug).put("slug", slug);
    if (parent != null) {
      json.put("parent_id", parent.toString());
    }
    return catalog.createCategory(TENANT, CategoryInput.fromJson(json)).await();
  }

  @Test
  void shouldMoveASubtreeAndRewriteDescendantPaths(VertxTestContext ctx) {
    Category clothing = create("clothing", null);
    Category shoes = create("shoes", clothing.id());
    Category trail = create("trail", shoes.id());
    Category sport = create("sport", null);

    catalog.moveCategory(TENANT, shoes.id(), sport.id(), shoes.version())
        .compose(moved -> catalog.getCategory(TENANT, trail.id()))
        .onComplete(ctx.succeeding(movedTrail -> ctx.verify(() -> {
          assertThat(movedTrail.path()).containsExactly(sport.id(), shoes.id(), trail.id());
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseToMoveACategoryUnderItsOwnDescendant(VertxTestContext ctx) {
    Category clothing = create("clothing", null);
    Category shoes = create("shoes", clothing.id());
    Category trail = create("trail", shoes.id());

    catalog.moveCategory(TENANT, clothing.id(), trail.id(), clothing.version())
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ValidationException.class);
          assertThat(((ValidationException) err).errors()).extracting(FieldError::field).containsExactly("parent_id");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldRefuseAStaleVersionAndAnUnknownParent(VertxTestContext ctx) {
    Category clothing = create("clothing", null);
    Category sport = create("sport", null);
    catalog.moveCategory(TENANT, clothing.id(), sport.id(), clothing.version() + 1)
        .recover(err -> {
          ctx.verify(() -> assertThat(err).isInstanceOf(PreconditionFailedException.class));
          return catalog.moveCategory(TENANT, clothing.id(), Uuids.v7(), clothing.version());
        })
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ValidationException.class);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldNotShowACategoryToAnotherTenant(VertxTestContext ctx) {
    Category clothing = create("clothing", null);
    catalog.getCategory(Uuids.v7(), clothing.id())
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(NotFoundException.class);
          ctx.completeNow();
        })));
  }
}
