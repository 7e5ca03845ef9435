package io.olympus.auth.testing;

import io.olympus.common.authz.FakeAuthz;
import io.olympus.common.db.Tenancy;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.List;
import java.util.function.Function;

/** Shared by the auth-module test harnesses: the platform's permissions (the shared fake), and mail reading. */
public final class AuthTestSupport {

  private AuthTestSupport() {}

  /**
   * The shared fake of the platform's permissions ({@link FakeAuthz}) on the bus, its users holding tenant-wide what
   * {@code permissionsOfRoles} derives from their auth roles (read from the real {@code auth_users} table).
   */
  public static FakeAuthz serveAuthz(Vertx vertx, Pool appPool, Function<List<String>, List<String>> permissionsOfRoles) {
    return FakeAuthz.deriving((tenantId, userId) -> Tenancy.inTenant(appPool, tenantId, conn -> conn
                .preparedQuery("SELECT roles FROM auth_users WHERE tenant_id = $1 AND id = $2")
                .execute(Tuple.of(tenantId, userId)))
            .map(rows -> permissionsOfRoles.apply(rows.size() == 0
                ? List.of()
                : List.of(rows.iterator().next().getArrayOfStrings("roles")))))
        .serve(vertx);
  }

  /** The text/plain body of a received mail. */
  public static String text(MimeMessage message) {
    try {
      Object content = message.getContent();
      if (content instanceof String s) {
        return s;
      }
      return textOf((MimeMultipart) content);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String textOf(MimeMultipart multipart) throws Exception {
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart part = multipart.getBodyPart(i);
      if (part.isMimeType("text/plain")) {
        return (String) part.getContent();
      }
      if (part.getContent() instanceof MimeMultipart nested) {
        String text = textOf(nested);
        if (text != null) {
          return text;
        }
      }
    }
    return null;
  }
}
