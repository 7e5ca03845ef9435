package io.olympus.commerce.payment.gateway.support;

import io.olympus.commerce.support.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/**
 * Exact conversion between integer minor units and the decimal strings some providers take ({@code "12.345"} KWD,
 * {@code "1234"} JPY), by the ISO 4217 exponent of the currency. Never goes through {@code double}.
 */
public final class MinorUnits {

  private MinorUnits() {}

  /** The currency's minor-unit exponent (JPY 0, EUR 2, KWD 3); 2 for a code the JDK does not know. */
  public static int exponent(String currency) {
    try {
      int digits = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
      return digits < 0 ? 0 : digits;
    } catch (IllegalArgumentException unknown) {
      return 2;
    }
  }

  /** {@code Money(12345, "KWD")} as {@code "12.345"}; {@code Money(1234, "JPY")} as {@code "1234"}. */
  public static String toDecimal(Money money) {
    return BigDecimal.valueOf(money.amount(), exponent(money.currency())).toPlainString();
  }

  /**
   * {@code "12.345"} KWD as 12345 minor units. Throws {@link ArithmeticException} when the value has more decimals
   * than the currency allows (it would not be exact) and {@link NumberFormatException} when it is no number.
   */
  public static long fromDecimal(String value, String currency) {
    return new BigDecimal(value).setScale(exponent(currency)).unscaledValue().longValueExact();
  }
}
