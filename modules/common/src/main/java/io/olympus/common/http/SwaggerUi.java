package io.olympus.common.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Serves Swagger UI (from the {@code org.webjars:swagger-ui} jar) at {@code /docs}, showing {@code /openapi.yaml}. */
public final class SwaggerUi {

  public static final String PATH = "/docs";
  private static final String INITIALIZER = """
      window.onload = function () {
        window.ui = SwaggerUIBundle({
          url: "/openapi.yaml",
          dom_id: "#swagger-ui",
          deepLinking: true,
          presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
          plugins: [SwaggerUIBundle.plugins.DownloadUrl],
          layout: "StandaloneLayout"
        });
      };
      """;

  private static final String WEBJAR_ROOT = "META-INF/resources/webjars/swagger-ui/" + version();

  private SwaggerUi() {}

  /** Adds {@code /docs} (redirect), {@code /docs/} and the UI's static files. */
  public static void mount(Router router) {
    // Vert.x Web matches "/docs" for "/docs/" too: redirect only the bare path so relative asset URLs resolve
    router.get(PATH).handler(ctx -> {
      if (ctx.request().path().equals(PATH)) {
        ctx.redirect(PATH + "/");
      } else {
        ctx.next();
      }
    });
    router.get(PATH + "/swagger-initializer.js").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/javascript; charset=utf-8")
        .end(INITIALIZER));
    router.get(PATH + "/*").handler(StaticHandler.create(WEBJAR_ROOT).setCachingEnabled(true).setMaxAgeSeconds(3600));
  }

  private static String version() {
    try (InputStream in = SwaggerUi.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the org.webjars:swagger-ui jar is not on the classpath");
      }
      Properties props = new Properties();
      props.load(in);
      return props.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
