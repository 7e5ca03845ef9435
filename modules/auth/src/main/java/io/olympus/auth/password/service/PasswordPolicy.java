package io.olympus.auth.password.service;

import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Password rules after NIST SP 800-63B §5.1.1.2 and OWASP ASVS 6.2: 12 to 128 characters (Unicode code
 * points, any characters, no composition rules), not a commonly used or breached password (a shipped list of
 * about 49,000, also matched with trailing digits and symbols removed, e.g. {@code password2024!}), not one
 * character repeated, and not containing the local part of the user's email address (when 3 or more
 * characters). Comparison is on the NFKC-normalised, lower-cased password.
 */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 128;
  static final String COMMON_PASSWORDS = "/io/olympus/auth/password/common-passwords.txt";
  private static final String FIELD = "password";

  private final Set<String> common;

  public PasswordPolicy(Set<String> commonPasswords) {
    this.common = Set.copyOf(commonPasswords);
  }

  /** Loads the shipped common-password list. Blocking (reads a resource): call at start-up, off the event loop. */
  public static PasswordPolicy load() {
    Set<String> words = new HashSet<>(65_536);
    try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + COMMON_PASSWORDS);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          words.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new PasswordPolicy(words);
  }

  public int commonPasswordCount() {
    return common.size();
  }

  /** Every rule {@code password} breaks, as field errors on {@code password}; empty when acceptable. */
  public List<FieldError> check(String password, String email) {
    List<FieldError> errors = new ArrayList<>();
    if (password == null) {
      errors.add(new FieldError(FIELD, "is required"));
      return errors;
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      errors.add(new FieldError(FIELD, "must be at least " + MIN_LENGTH + " characters"));
    }
    if (length > MAX_LENGTH) {
      errors.add(new FieldError(FIELD, "must be at most " + MAX_LENGTH + " characters"));
      return errors;
    }
    String normalized = Normalizer.normalize(password, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    if (isCommon(normalized)) {
      errors.add(new FieldError(FIELD, "is too common: it appears in lists of breached passwords"));
    } else if (length > 0 && normalized.codePoints().distinct().count() == 1) {
      errors.add(new FieldError(FIELD, "must not be one character repeated"));
    }
    String localPart = localPart(email);
    if (localPart.length() >= 3 && normalized.contains(localPart)) {
      errors.add(new FieldError(FIELD, "must not contain the name of your email address"));
    }
    return errors;
  }

  /** As {@link #check}, throwing {@link ValidationException} (400) with the field errors when any rule is broken. */
  public void enforce(String password, String email) {
    List<FieldError> errors = check(password, email);
    if (!errors.isEmpty()) {
      throw new ValidationException("Password does not meet the password policy", errors);
    }
  }

  private boolean isCommon(String normalized) {
    if (common.contains(normalized)) {
      return true;
    }
    int end = normalized.length();
    while (end > 0 && !Character.isLetter(normalized.charAt(end - 1))) {
      end--;
    }
    return end >= 4 && end < normalized.length() && common.contains(normalized.substring(0, end));
  }

  private static String localPart(String email) {
    if (email == null) {
      return "";
    }
    int at = email.lastIndexOf('@');
    String local = at < 0 ? email : email.substring(0, at);
    return Normalizer.normalize(local.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }
}
