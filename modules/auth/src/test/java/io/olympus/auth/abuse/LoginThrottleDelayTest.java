package io.olympus.auth.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.olympus.auth.config.AccountConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class LoginThrottleDelayTest {

  @Test
  void shouldGrowTheDelayFromTheThirdFailureUpToTheCap() {
    LoginThrottle throttle = new LoginThrottle(null, AccountConfig.from(new JsonObject().put("AUTH_FAILURE_DELAY_MAX_MS", "2000")));
    assertThat(throttle.delayMillis(0)).isZero();
    assertThat(throttle.delayMillis(1)).isZero();
    assertThat(throttle.delayMillis(2)).isEqualTo(250);
    assertThat(throttle.delayMillis(3)).isEqualTo(500);
    assertThat(throttle.delayMillis(4)).isEqualTo(1000);
    assertThat(throttle.delayMillis(5)).isEqualTo(2000);
    assertThat(throttle.delayMillis(50)).isEqualTo(2000);
  }
}
