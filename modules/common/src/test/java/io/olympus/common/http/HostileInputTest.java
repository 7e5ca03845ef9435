package io.olympus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.common.testing.ServiceHarness;
import io.olympus.common.testing.ServiceHarness.Deployed;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile request targets and bodies against the shared HTTP stack, sent as raw bytes where a client library would
 * refuse to send them: every one is a 4xx problem naming the field, never a 500 and never an empty body.
 */
@ExtendWith(VertxExtension.class)
class HostileInputTest {

  private static final String NOTE = "0190a5a0-0000-7000-8000-000000000001";

  private static Vertx vertx;
  private static Deployed app;
  private static NetClient net;

  @BeforeAll
  static void deploy() {
    vertx = Vertx.vertx();
    app = ServiceHarness.deploy(vertx, ServiceHarness.context(vertx, Map.of("OLYMPUS_BODY_LIMIT_BYTES", "65536")),
        EchoHttpVerticle::new).await();
    net = vertx.createNetClient();
  }

  @AfterAll
  static void close() {
    app.close(vertx).await();
    vertx.close().await();
  }

  @Test
  void shouldAnswer400NamingTheFieldForANulInAJsonString(VertxTestContext ctx) {
    send("POST", "/echo", "{\"name\":\"wid\\u0000get\",\"quantity\":1}")
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          JsonObject problem = answer.problem(400);
          assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("name");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer400NamingTheParameterForAnEncodedNulInAQueryParameter(VertxTestContext ctx) {
    send("GET", "/notes/" + NOTE + "?tag=a%00b", null)
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          JsonObject problem = answer.problem(400);
          assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("tag");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer400NamingTheParameterForMalformedPercentEncodingInTheQuery(VertxTestContext ctx) {
    send("GET", "/notes/" + NOTE + "?limit=5&tag=%ZZ", null)
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          JsonObject problem = answer.problem(400);
          assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("tag");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer400NamingThePathForMalformedPercentEncodingInThePath(VertxTestContext ctx) {
    send("GET", "/notes/%ZZ", null)
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          JsonObject problem = answer.problem(400);
          assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("path");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer400NamingThePathForAnEncodedNulInThePath(VertxTestContext ctx) {
    send("GET", "/notes/ab%00cd", null)
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          JsonObject problem = answer.problem(400);
          assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("path");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer400ForATruncatedPercentEscape(VertxTestContext ctx) {
    send("GET", "/notes/" + NOTE + "?tag=%4", null)
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          answer.problem(400);
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer414ProblemForAnOverlongRequestLine(VertxTestContext ctx) {
    send("GET", "/notes/" + NOTE + "?tag=" + "a".repeat(9000), null)
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          JsonObject problem = answer.problem(414);
          assertThat(problem.getString("type")).isEqualTo("urn:olympus:problem:uri-too-long");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer431ProblemForOverlargeHeaders(VertxTestContext ctx) {
    sendRaw("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n")
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          JsonObject problem = answer.problem(431);
          assertThat(problem.getString("type")).isEqualTo("urn:olympus:problem:headers-too-large");
          ctx.completeNow();
        })));
  }

  @Test
  void shouldAnswer400ForDeeplyNestedJson(VertxTestContext ctx) {
    String nested = "[".repeat(10_000) + "]".repeat(10_000);
    send("POST", "/echo", "{\"name\":" + nested + ",\"quantity\":1}")
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          answer.problem(400);
          ctx.completeNow();
        })));
  }

  private io.vertx.core.Future<Answer> send(String method, String target, String json) {
    StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: x\r\n");
    if (json != null) {
      request.append("Content-Type: application/json\r\nContent-Length: ")
          .append(json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    if (json != null) {
      request.append(json);
    }
    return sendRaw(request.toString());
  }

  /** Writes raw bytes and reads until the server closes the connection. */
  private io.vertx.core.Future<Answer> sendRaw(String raw) {
    return net.connect(app.port(), "127.0.0.1").compose(socket -> {
      io.vertx.core.Promise<Answer> answer = io.vertx.core.Promise.promise();
      Buffer received = Buffer.buffer();
      socket.handler(received::appendBuffer);
      socket.closeHandler(v -> answer.tryComplete(Answer.parse(received.toString())));
      socket.write(raw).onFailure(e -> closeQuietly(socket));
      return answer.future();
    });
  }

  private static void closeQuietly(NetSocket socket) {
    socket.close();
  }

  /** A parsed HTTP/1.1 answer: status, headers block and body. */
  record Answer(int status, String headers, String body) {

    static Answer parse(String raw) {
      int split = raw.indexOf("\r\n\r\n");
      String head = split < 0 ? raw : raw.substring(0, split);
      String body = split < 0 ? "" : raw.substring(split + 4);
      int status = head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
      if (head.toLowerCase().contains("transfer-encoding: chunked")) {
        body = unchunk(body);
      }
      return new Answer(status, head, body);
    }

    private static String unchunk(String body) {
      StringBuilder out = new StringBuilder();
      int at = 0;
      while (at < body.length()) {
        int eol = body.indexOf("\r\n", at);
        int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
        if (size == 0) {
          break;
        }
        out.append(body, eol + 2, eol + 2 + size);
        at = eol + 2 + size + 2;
      }
      return out.toString();
    }

    JsonObject problem(int expected) {
      assertThat(status).as(headers + "\n" + body).isEqualTo(expected);
      assertThat(headers.toLowerCase()).contains("content-type: application/problem+json");
      JsonObject problem = new JsonObject(body);
      assertThat(problem.getInteger("status")).isEqualTo(expected);
      assertThat(body).doesNotContain("Exception");
      return problem;
    }
  }
}
