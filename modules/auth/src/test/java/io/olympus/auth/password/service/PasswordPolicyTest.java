package io.olympus.auth.password.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.common.error.FieldError;
import io.olympus.common.error.ValidationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

  private static final String DEFAULT_EMAIL = "jane.doe@example.com";
  private static PasswordPolicy policy;

  @BeforeAll
  static void load() {
    policy = PasswordPolicy.load();
  }

  @Test
  void shouldShipSeveralThousandCommonPasswords() {
    assertThat(policy.commonPasswordCount()).isGreaterThan(40_000);
  }

  @Test
  void shouldAcceptLongUncommonPassphrase() {
    assertThat(policy.check("violet kayak under the 7th bridge", DEFAULT_EMAIL)).isEmpty();
  }

  @Test
  void shouldRejectShortPasswordCountingCodePoints() {
    // 11 emoji are 22 UTF-16 chars but only 11 characters
    String elevenEmoji = "\uD83D\uDE00".repeat(5) + "\uD83D\uDE80".repeat(6);
    assertThat(policy.check("short-pw", DEFAULT_EMAIL))
        .containsExactly(new FieldError("password", "must be at least 12 characters"));
    assertThat(policy.check(elevenEmoji, DEFAULT_EMAIL))
        .containsExactly(new FieldError("password", "must be at least 12 characters"));
  }

  @Test
  void shouldRejectPasswordLongerThan128Characters() {
    assertThat(policy.check("x1-".repeat(43), DEFAULT_EMAIL))
        .containsExactly(new FieldError("password", "must be at most 128 characters"));
  }

  @Test
  void shouldRejectCommonPasswordsWhateverTheCase() {
    assertThat(policy.check("QWERTY123456", DEFAULT_EMAIL))
        .containsExactly(new FieldError("password", "is too common: it appears in lists of breached passwords"));
    assertThat(policy.check("1qaz2wsx3edc", DEFAULT_EMAIL)).extracting(FieldError::field).containsExactly("password");
  }

  @Test
  void shouldRejectCommonWordWithDigitsAndSymbolsAppended() {
    assertThat(policy.check("Password2024!", DEFAULT_EMAIL))
        .containsExactly(new FieldError("password", "is too common: it appears in lists of breached passwords"));
  }

  @Test
  void shouldRejectPasswordContainingTheEmailLocalPart() {
    assertThat(policy.check("my-JANE.DOE-secret-99", DEFAULT_EMAIL))
        .containsExactly(new FieldError("password", "must not contain the name of your email address"));
  }

  @Test
  void shouldIgnoreEmailLocalPartShorterThanThreeCharacters() {
    assertThat(policy.check("violet kayak jo bridge", "jo@example.com")).isEmpty();
  }

  @Test
  void shouldThrowValidationExceptionWithFieldErrors() {
    assertThatThrownBy(() -> policy.enforce("xq7-vzt", DEFAULT_EMAIL))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.errors()).containsExactly(new FieldError("password", "must be at least 12 characters"));
        });
  }
}
