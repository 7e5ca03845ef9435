package io.olympus.commerce.payment.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class CardNumbersTest {

  @Test
  void shouldRecogniseLuhnValidCardNumbersWithOrWithoutSeparators() {
    assertThat(CardNumbers.looksLikeCardNumber("4242424242424242")).isTrue();
    assertThat(CardNumbers.looksLikeCardNumber("4242 4242 4242 4242")).isTrue();
    assertThat(CardNumbers.looksLikeCardNumber("5555-5555-5555-4444")).isTrue();
    assertThat(CardNumbers.looksLikeCardNumber("card 378282246310005 exp 12/30")).isTrue();
    assertThat(CardNumbers.looksLikeCardNumber("6011111111111117")).isTrue();
    assertThat(CardNumbers.looksLikeCardNumber("3782 822463 10005")).isTrue();
  }

  @Test
  void shouldLeaveOtherNumbersAlone() {
    assertThat(CardNumbers.looksLikeCardNumber("4242424242424241")).isFalse();
    assertThat(CardNumbers.looksLikeCardNumber("424242424242")).isFalse();
    assertThat(CardNumbers.looksLikeCardNumber("42424242424242424242")).isFalse();
    assertThat(CardNumbers.looksLikeCardNumber("01a250a7-663b-7b4b-8796-c2c1fac9fee6")).isFalse();
    // a UUID whose last groups are digits only: 4 + 12 digits in a row, Luhn-valid, still not a card number
    assertThat(CardNumbers.looksLikeCardNumber("01a250d8-3aa1-7cbe-4242-424242424242")).isFalse();
    assertThat(CardNumbers.looksLikeCardNumber("4242-424242424242")).isFalse();
    assertThat(CardNumbers.looksLikeCardNumber("ab4242424242424242")).isFalse();
    assertThat(CardNumbers.looksLikeCardNumber("2026-12-07T13:30:00Z")).isFalse();
    assertThat(CardNumbers.looksLikeCardNumber("tok_sandbox_success")).isFalse();
  }

  @Test
  void shouldNameTheFieldAtAnyDepth() {
    JsonObject body = new JsonObject().put("order_id", "x")
        .put("card", new JsonObject().put("holder", "Ada").put("number", "4242 4242 4242 4242"));
    JsonObject inArray = new JsonObject().put("items", new JsonArray().add("a").add(new JsonObject()
        .put("pan", 4111111111111111L)));

    assertThat(CardNumbers.find(body)).isEqualTo("card.number");
    assertThat(CardNumbers.find(inArray)).isEqualTo("items[1].pan");
    assertThat(CardNumbers.find(new JsonObject().put("token", "tok_sandbox_success"))).isNull();
  }
}
