package io.olympus.commerce.payment.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.olympus.commerce.support.Money;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Exact decimal conversion by currency exponent, and reading {@code Retry-After}. */
class MinorUnitsTest {

  @Test
  void shouldWriteEachCurrencyWithItsOwnExponent() {
    assertThat(MinorUnits.toDecimal(new Money(1_234, "JPY"))).isEqualTo("1234");
    assertThat(MinorUnits.toDecimal(new Money(1_999, "EUR"))).isEqualTo("19.99");
    assertThat(MinorUnits.toDecimal(new Money(5, "EUR"))).isEqualTo("0.05");
    assertThat(MinorUnits.toDecimal(new Money(12_345, "KWD"))).isEqualTo("12.345");
    assertThat(MinorUnits.toDecimal(new Money(999_999_999_999L, "USD"))).isEqualTo("9999999999.99");
  }

  @Test
  void shouldReadDecimalsBackExactly() {
    assertThat(MinorUnits.fromDecimal("1234", "JPY")).isEqualTo(1_234);
    assertThat(MinorUnits.fromDecimal("19.99", "EUR")).isEqualTo(1_999);
    assertThat(MinorUnits.fromDecimal("19.9", "EUR")).isEqualTo(1_990);
    assertThat(MinorUnits.fromDecimal("12.345", "KWD")).isEqualTo(12_345);
    assertThat(MinorUnits.fromDecimal("0.10", "KWD")).isEqualTo(100);
  }

  @Test
  void shouldRefuseADecimalWithMoreDigitsThanTheCurrencyHas() {
    assertThatThrownBy(() -> MinorUnits.fromDecimal("12.5", "JPY")).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> MinorUnits.fromDecimal("1.999", "EUR")).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void shouldReadRetryAfterAsSecondsOrAsADate() {
    Instant now = Instant.parse("2026-12-07T12:00:00Z");
    assertThat(ProviderHttp.retryAfterMillis("7", now)).isEqualTo(7_000);
    assertThat(ProviderHttp.retryAfterMillis("Mon, 07 Dec 2026 12:00:30 GMT", now)).isEqualTo(30_000);
    assertThat(ProviderHttp.retryAfterMillis("soon", now)).isEqualTo(-1);
    assertThat(ProviderHttp.retryAfterMillis(null, now)).isEqualTo(-1);
  }
}
