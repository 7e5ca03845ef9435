package io.olympus.auth.mail;

import io.olympus.auth.config.AccountConfig;
import io.olympus.common.bus.BusClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

/** Sends mail through an SMTP server with vertx-mail-client (one shared client per process; sends guarded by the process's {@link BusClient} breaker {@code smtp}). */
public final class SmtpMailer implements Mailer {

  /** Deadline of one send (connect, handshake, message); then, and while the SMTP breaker is open, it fails (503). */
  static final long SEND_TIMEOUT_MS = 5_000;

  private final MailClient client;
  private final BusClient breakers;
  private final String from;

  public SmtpMailer(Vertx vertx, BusClient breakers, AccountConfig.Smtp smtp, String from) {
    MailConfig config = new MailConfig()
        .setHostname(smtp.host())
        .setPort(smtp.port())
        .setSsl(smtp.ssl())
        .setStarttls(StartTLSOptions.valueOf(smtp.startTls()))
        .setKeepAlive(true);
    if (smtp.username().isPresent()) {
      config.setUsername(smtp.username().get())
          .setPassword(smtp.password().orElse(""))
          .setLogin(LoginOption.REQUIRED);
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    this.client = MailClient.createShared(vertx, config, "olympus-auth-mail");
    this.breakers = breakers;
    this.from = from;
  }

  @Override
  public Future<Void> send(String to, String subject, String text, String html) {
    MailMessage message = new MailMessage()
        .setFrom(from)
        .setTo(to)
        .setSubject(subject)
        .setText(text)
        .setHtml(html);
    return breakers.guard("smtp", SEND_TIMEOUT_MS, () -> client.sendMail(message)).mapEmpty();
  }
}
