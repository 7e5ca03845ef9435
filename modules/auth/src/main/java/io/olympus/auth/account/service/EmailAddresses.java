package io.olympus.auth.account.service;

import io.olympus.common.error.ValidationException;
import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Email address normalisation: trimmed, NFC, lower-cased, the domain in its ASCII (punycode) form, so that
 * {@code " Anna@BÜCHER.example "} and {@code "anna@xn--bcher-kva.example"} are one account.
 */
public final class EmailAddresses {

  private static final Pattern LOCAL = Pattern.compile("[^\\s\"(),:;<>@\\[\\\\\\]\\p{Cntrl}]{1,64}");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

  private EmailAddresses() {}

  /** The normalised address; throws {@link ValidationException} on {@code field} when it is not a usable address. */
  public static String normalize(String field, String raw) {
    if (raw == null || raw.isBlank()) {
      throw new ValidationException(field, "is required");
    }
    String email = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
    int at = email.lastIndexOf('@');
    if (at <= 0 || at == email.length() - 1) {
      throw new ValidationException(field, "must be an email address");
    }
    String local = email.substring(0, at).toLowerCase(Locale.ROOT);
    String domain;
    try {
      domain = IDN.toASCII(email.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new ValidationException(field, "must be an email address");
    }
    if (!LOCAL.matcher(local).matches() || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      throw new ValidationException(field, "must be an email address");
    }
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) {
      throw new ValidationException(field, "must be an email address with a domain such as example.com");
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw new ValidationException(field, "must be an email address");
      }
    }
    String normalized = local + "@" + domain;
    if (normalized.length() > 254) {
      throw new ValidationException(field, "must be at most 254 characters");
    }
    return normalized;
  }
}
