package io.olympus.auth.mail;

import io.vertx.core.Future;

/** Sends one mail with a text and an HTML body; fails when the mail server refuses or is unreachable. */
public interface Mailer {

  Future<Void> send(String to, String subject, String text, String html);
}
