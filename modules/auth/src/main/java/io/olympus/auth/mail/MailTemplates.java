package io.olympus.auth.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The auth service's mails: a subject line, a text and an HTML template per mail, with {@code {{name}}}
 * placeholders (HTML-escaped in the HTML body). Loaded once at start-up (blocking: call off the event loop).
 */
public final class MailTemplates {

  /** A rendered mail. */
  public record Mail(String subject, String text, String html) {}

  private static final String[] NAMES = {"verify-email", "unlock-account", "new-device", "reset-password"};
  private final Map<String, String[]> templates;

  private MailTemplates(Map<String, String[]> templates) {
    this.templates = Map.copyOf(templates);
  }

  /** Reads every template from the classpath. Blocking. */
  public static MailTemplates load() {
    Map<String, String[]> loaded = new HashMap<>();
    for (String name : NAMES) {
      String text = read(name + ".txt");
      int newline = text.indexOf('\n');
      String subject = text.substring(0, newline).replaceFirst("^Subject: ", "").strip();
      loaded.put(name, new String[] {subject, text.substring(newline + 1).stripLeading(), read(name + ".html")});
    }
    return new MailTemplates(loaded);
  }

  /** Renders mail {@code name} with {@code values}. */
  public Mail render(String name, Map<String, String> values) {
    String[] t = templates.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no mail template " + name);
    }
    return new Mail(fill(t[0], values, false), fill(t[1], values, false), fill(t[2], values, true));
  }

  private static String fill(String template, Map<String, String> values, boolean html) {
    String out = template;
    for (Map.Entry<String, String> e : values.entrySet()) {
      String value = e.getValue() == null ? "" : e.getValue();
      out = out.replace("{{" + e.getKey() + "}}", html ? escape(value) : value);
    }
    return out;
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String read(String file) {
    String path = "/io/olympus/auth/mail/" + file;
    try (InputStream in = MailTemplates.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
