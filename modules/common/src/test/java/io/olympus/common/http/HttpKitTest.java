package io.olympus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared HTTP kit's {@code If-Match} (one behaviour in every service, RFC 9110): {@code *} is any version, an
 * entity tag naming a version is that version, well-formed tags that name none of ours answer 412, and a header that is
 * no entity-tag list answers 400 naming {@code If-Match}; and its reply helpers.
 */
@ExtendWith(VertxExtension.class)
class HttpKitTest {

  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route("/if-match").handler(ctx -> {
      Integer version = Http.ifMatch(ctx);
      Http.json(ctx, 200, new JsonObject().put("version", version));
    });
    router.route("/created").handler(ctx -> Http.created(ctx, "/things/1", new JsonObject().put("id", "1")));
    router.route("/secret").handler(ctx -> Http.jsonNoStore(ctx, 200, new JsonObject().put("token", "t")));
    router.route("/none").handler(Http::noContent);
    router.route().failureHandler(new ProblemHandler());
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close().await();
  }

  @Test
  void shouldReadNoPreconditionWhenIfMatchIsAbsent() {
    HttpResponse<Buffer> answer = client.get(server.actualPort(), "127.0.0.1", "/if-match").send().await();
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.bodyAsJsonObject().getValue("version")).isNull();
  }

  @Test
  void shouldReadTheStarAsAnyVersion() {
    assertThat(version("*")).isEqualTo(Http.ANY_VERSION);
    assertThat(version(" * ")).isEqualTo(Http.ANY_VERSION);
  }

  @Test
  void shouldReadTheVersionOfAStrongWeakOrBareTag() {
    assertThat(version("\"3\"")).isEqualTo(3);
    assertThat(version("W/\"4\"")).isEqualTo(4);
    assertThat(version("5")).isEqualTo(5);
    assertThat(version("\"abc\", \"6\"")).isEqualTo(6);
    assertThat(version("\"7\", ")).isEqualTo(7);
  }

  @Test
  void shouldAnswer412ForWellFormedTagsThatNameNoVersion() {
    for (String header : new String[] {"\"abc\"", "\"*\"", "\"0\"", "W/\"x\"", "\"1\", \"2\""}) {
      HttpResponse<Buffer> answer = ifMatch(header);
      assertThat(answer.statusCode()).as(header).isEqualTo(412);
      assertThat(answer.getHeader("Content-Type")).as(header).startsWith("application/problem+json");
    }
  }

  @Test
  void shouldAnswer400NamingIfMatchForAHeaderThatIsNoEntityTag() {
    for (String header : new String[] {"abc", "\"3", "3\"", "W/3", "\"3\" garbage", ",", "**", "-1"}) {
      HttpResponse<Buffer> answer = ifMatch(header);
      assertThat(answer.statusCode()).as(header).isEqualTo(400);
      assertThat(answer.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
          .as(header).isEqualTo("If-Match");
    }
  }

  @Test
  void shouldAnswerCreatedWithLocationNoStoreAndNoContent() {
    HttpResponse<Buffer> created = client.get(server.actualPort(), "127.0.0.1", "/created").send().await();
    HttpResponse<Buffer> secret = client.get(server.actualPort(), "127.0.0.1", "/secret").send().await();
    HttpResponse<Buffer> none = client.get(server.actualPort(), "127.0.0.1", "/none").send().await();

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.getHeader("Location")).isEqualTo("/things/1");
    assertThat(created.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(created.bodyAsJsonObject().getString("id")).isEqualTo("1");
    assertThat(secret.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(secret.bodyAsJsonObject().getString("token")).isEqualTo("t");
    assertThat(none.statusCode()).isEqualTo(204);
    assertThat(none.body()).isNull();
  }

  private Integer version(String header) {
    HttpResponse<Buffer> answer = ifMatch(header);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject().getInteger("version");
  }

  private HttpResponse<Buffer> ifMatch(String header) {
    return client.get(server.actualPort(), "127.0.0.1", "/if-match").putHeader("If-Match", header).send().await();
  }
}
