package io.olympus.auth.mail;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Development mailer used when {@code SMTP_HOST} is unset: logs each mail's recipient, subject and text body. */
public final class LoggingMailer implements Mailer {

  private static final Logger LOG = LoggerFactory.getLogger(LoggingMailer.class);

  @Override
  public Future<Void> send(String to, String subject, String text, String html) {
    LOG.info("SMTP_HOST is not set; mail not sent, shown here instead:\n--- mail to {} ---\nSubject: {}\n\n{}\n--- end of mail ---",
        to, subject, text);
    return Future.succeededFuture();
  }
}
