package io.olympus.auth.account.service;

import io.olympus.auth.config.AccountConfig;
import io.olympus.auth.mail.MailTemplates;
import io.olympus.auth.mail.Mailer;
import io.vertx.core.Future;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The mails of the account flows (verify the address, unlock, new device); a failed send is logged, never thrown. */
public final class AccountMails {

  private static final Logger LOG = LoggerFactory.getLogger(AccountMails.class);

  private final Mailer mailer;
  private final MailTemplates templates;
  private final AccountConfig config;

  public AccountMails(Mailer mailer, MailTemplates templates, AccountConfig config) {
    this.mailer = mailer;
    this.templates = templates;
    this.config = config;
  }

  public Future<Void> verifyEmail(String to, String name, String token) {
    return send(to, "verify-email", Map.of(
        "name", name,
        "link", link("/api/v1/auth/verify-email", token),
        "hours", Long.toString(config.emailVerificationTtl().toHours())));
  }

  public Future<Void> unlock(String to, String name, String token) {
    return send(to, "unlock-account", Map.of(
        "name", name,
        "link", link("/api/v1/auth/unlock", token),
        "minutes", Long.toString(Math.max(1, config.lockout().toMinutes())),
        "ttl_minutes", Long.toString(config.unlockTokenTtl().toMinutes())));
  }

  public Future<Void> newDevice(String to, String name, String device, String ip, Instant at) {
    return send(to, "new-device", Map.of(
        "name", name,
        "device", device == null ? "unknown device" : device,
        "ip", ip == null ? "unknown" : ip,
        "time", at.toString()));
  }

  private String link(String path, String token) {
    return config.publicBaseUrl() + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  private Future<Void> send(String to, String template, Map<String, String> values) {
    MailTemplates.Mail mail = templates.render(template, values);
    return mailer.send(to, mail.subject(), mail.text(), mail.html())
        .recover(err -> {
          LOG.error("could not send the {} mail: {}", template, err.getMessage());
          return Future.succeededFuture();
        });
  }
}
