package io.olympus.commerce.tax.service;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.math.BigDecimal;

/**
 * Tax of one amount at a rate in parts per million, rounded to the minor unit half-even (banker's rounding), once
 * per line: {@code exclusive(1999, 190000)} = round(1999 × 0.19) = 380; the tax included in a gross amount is
 * {@code round(gross × rate / (1 + rate))}: {@code included(2379, 190000)} = 380.
 */
public final class TaxMath {

  private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);

  private TaxMath() {}

  /** Tax on top of {@code net}. */
  public static long exclusive(long net, int ratePpm) {
    return divide(BigInteger.valueOf(net).multiply(BigInteger.valueOf(ratePpm)), MILLION);
  }

  /** The part of {@code gross} that is tax. */
  public static long included(long gross, int ratePpm) {
    return divide(BigInteger.valueOf(gross).multiply(BigInteger.valueOf(ratePpm)),
        MILLION.add(BigInteger.valueOf(ratePpm)));
  }

  private static long divide(BigInteger numerator, BigInteger denominator) {
    return new BigDecimal(numerator).divide(new BigDecimal(denominator), 0, RoundingMode.HALF_EVEN).longValueExact();
  }
}
