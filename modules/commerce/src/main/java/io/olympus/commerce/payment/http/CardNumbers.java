package io.olympus.commerce.payment.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
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
   * True when {@code text} holds a card-number-like run: 13 to 19 digits passing the Luhn check, written together or
   * in the usual groups (4-4-4-4[-1..4], 4-6-5, 4-6-4) separated by single spaces or dashes, and not glued to other
   * letters or digits (so hex ids such as UUIDs are not mistaken for one).
   */
  public static boolean looksLikeCardNumber(String text) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isDigit(text.charAt(i))) {
        i++;
        continue;
      }
      List<Integer> groups = new ArrayList<>();
      int[] digits = new int[19];
      int count = 0;
      int group = 0;
      int j = i;
      while (j < n) {
        char c = text.charAt(j);
        if (isDigit(c)) {
          if (count < digits.length) {
            digits[count] = c - '0';
          }
          count++;
          group++;
          j++;
        } else if ((c == ' ' || c == '-') && j + 1 < n && isDigit(text.charAt(j + 1))) {
          groups.add(group);
          group = 0;
          j++;
        } else {
          break;
        }
      }
      groups.add(group);
      boolean bounded = (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
          && (j == n || !Character.isLetterOrDigit(text.charAt(j)));
      if (bounded && count >= 13 && count <= 19 && grouped(groups) && luhn(digits, count)) {
        return true;
      }
      i = j;
    }
    return false;
  }

  /** One block of digits, or the groupings cards are printed in. */
  private static boolean grouped(List<Integer> groups) {
    if (groups.size() == 1) {
      return true;
    }
    if (groups.equals(List.of(4, 6, 5)) || groups.equals(List.of(4, 6, 4))) {
      return true;
    }
    for (int k = 0; k < groups.size() - 1; k++) {
      if (groups.get(k) != 4) {
        return false;
      }
    }
    int last = groups.get(groups.size() - 1);
    return last >= 1 && last <= 4;
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
