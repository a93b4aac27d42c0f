package io.gamebus.instance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The restart policy")
class RestartPolicyTest {

  @Test
  @DisplayName("restarts at once after a quiet spell, then doubles the delay up to a ceiling")
  void backsOff() {
    RestartPolicy policy = new RestartPolicy(100, 60_000);
    assertThat(policy.onFailure(0)).isZero();
    assertThat(policy.onFailure(1)).isEqualTo(100);
    assertThat(policy.onFailure(2)).isEqualTo(200);
    assertThat(policy.onFailure(3)).isEqualTo(400);
    for (int i = 4; i < 12; i++) {
      policy.onFailure(i);
    }
    assertThat(policy.onFailure(12)).isEqualTo(RestartPolicy.MAX_DELAY_MS);
  }

  @Test
  @DisplayName("gives up on the failure after maxRestarts restarts within the window")
  void givesUp() {
    RestartPolicy policy = new RestartPolicy(2, 10_000);
    assertThat(policy.onFailure(0)).isNotNegative();
    assertThat(policy.onFailure(1_000)).isNotNegative();
    assertThat(policy.onFailure(2_000)).isEqualTo(-1);
  }

  @Test
  @DisplayName("forgets restarts older than the window")
  void forgets() {
    RestartPolicy policy = new RestartPolicy(2, 10_000);
    policy.onFailure(0);
    policy.onFailure(1_000);
    assertThat(policy.onFailure(10_500)).isEqualTo(100);
    assertThat(policy.onFailure(30_000)).isZero();
  }

  @Test
  @DisplayName("with maxRestarts 0 never restarts")
  void never() {
    assertThat(new RestartPolicy(0, 10_000).onFailure(0)).isEqualTo(-1);
  }
}
