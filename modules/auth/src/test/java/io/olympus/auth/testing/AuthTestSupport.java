package io.olympus.auth.testing;

import io.olympus.common.authz.AuthzAddresses;
import io.olympus.common.authz.EffectivePermissions;
import io.olympus.common.authz.PermissionGrant;
import io.olympus.common.bus.BusErrors;
import io.olympus.common.db.Tenancy;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Shared by the auth-module test harnesses: a stand-in for the platform's permissions, and mail reading. */
public final class AuthTestSupport {

  private AuthTestSupport() {}

  /**
   * Answers {@code platform.authz.effective} with tenant-wide permissions derived from the user's auth roles
   * (read from the real {@code auth_users} table) by {@code permissionsOfRoles}.
   */
  public static MessageConsumer<JsonObject> serveAuthz(Vertx vertx, Pool appPool,
                                                      Function<List<String>, List<String>> permissionsOfRoles) {
    return vertx.eventBus().<JsonObject>consumer(AuthzAddresses.EFFECTIVE, msg -> {
      UUID tenantId = UUID.fromString(msg.body().getString("tenant_id"));
      UUID userId = UUID.fromString(msg.body().getString("user_id"));
      Tenancy.inTenant(appPool, tenantId, conn -> conn
              .preparedQuery("SELECT roles FROM auth_users WHERE tenant_id = $1 AND id = $2")
              .execute(Tuple.of(tenantId, userId)))
          .map(rows -> {
            List<String> roles = rows.size() == 0 ? List.of() : List.of(rows.iterator().next().getArrayOfStrings("roles"));
            List<PermissionGrant> grants = permissionsOfRoles.apply(roles).stream()
                .map(p -> new PermissionGrant(p, null, null))
                .toList();
            return new EffectivePermissions(tenantId, userId, grants);
          })
          .onSuccess(p -> msg.reply(p.toJson()))
          .onFailure(err -> BusErrors.fail(msg, err));
    });
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
