package io.olympus.auth.account.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.common.error.ValidationException;
import org.junit.jupiter.api.Test;

class EmailAddressesTest {

  @Test
  void shouldTrimLowerCaseAndPunycodeTheDomain() {
    assertThat(EmailAddresses.normalize("email", "  Anna@BÜCHER.Example ")).isEqualTo("anna@xn--bcher-kva.example");
    assertThat(EmailAddresses.normalize("email", "anna@xn--bcher-kva.example")).isEqualTo("anna@xn--bcher-kva.example");
  }

  @Test
  void shouldKeepAUnicodeLocalPartInNfc() {
    assertThat(EmailAddresses.normalize("email", "Jose\u0301@example.com")).isEqualTo("jos\u00e9@example.com");
  }

  @Test
  void shouldRejectWhatIsNotAnAddress() {
    for (String bad : new String[] {"", "anna", "anna@", "@example.com", "anna@localhost", "an na@example.com",
        "anna@exa mple.com", "anna..b@example.com", "anna@-example.com", "<anna>@example.com"}) {
      assertThatThrownBy(() -> EmailAddresses.normalize("email", bad)).as(bad).isInstanceOf(ValidationException.class);
    }
  }
}
