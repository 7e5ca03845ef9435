package io.olympus.commerce.payment.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Finds what looks like a card number (PAN) anywhere in a JSON document: a string or number whose digits — 13 to 19
 * of them, optionally grouped by spaces or dashes — pass the Luhn check. Card numbers never enter the system (the
 * PCI-DSS SAQ A scope): a request holding one is refused before anything reads, stores or logs it.
 */
public final class CardNumbers {

  private CardNumbers() {}

  /** The path of the first field that looks like a card number ({@code card.number}, {@code items[2]}), or null. */
  public static String find(Object json) {
    return find(json, "");
  }

  private static String find(Object value, String path) {
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        String found = find(entry.getValue(), path.isEmpty() ? entry.getKey() : path + "." + entry.getKey());
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        String found = find(array.getValue(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (value instanceof String || value instanceof Number) {
      return looksLikeCardNumber(value.toString()) ? (path.isEmpty() ? "body" : path) : null;
    }
    return null;
  }

  /**
   * True when {@code text} holds a run of 13 to 19 digits (single spaces or dashes between them allowed) that passes
   * the Luhn check. Longer runs (ids, long numbers) are not card numbers.
   */
  public static boolean looksLikeCardNumber(String text) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int[] digits = new int[19];
      int count = 0;
      int j = i;
      while (j < n) {
        char c = text.charAt(j);
        if (isDigit(c)) {
          if (count < digits.length) {
            digits[count] = c - '0';
          }
          count++;
          j++;
        } else if ((c == ' ' || c == '-') && j + 1 < n && isDigit(text.charAt(j + 1))) {
          j++;
        } else {
          break;
        }
      }
      if (count >= 13 && count <= 19 && luhn(digits, count)) {
        return true;
      }
      i = j;
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean luhn(int[] digits, int count) {
    int sum = 0;
    boolean twice = false;
    for (int k = count - 1; k >= 0; k--) {
      int d = digits[k];
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }
}
