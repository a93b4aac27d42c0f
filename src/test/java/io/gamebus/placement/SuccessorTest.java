package io.gamebus.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.RegistryEvent;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The directory's record of instances taken over after node losses")
class SuccessorTest {
  private final InstanceDirectory directory = new InstanceDirectory();

  private void report(String id, String node, String... replaces) {
    directory.apply(new RegistryEvent.InstanceReport(
        new InstanceInfo(id, "arena", "1.0.0", node, InstanceInfo.ACTIVE, 0, 100, 0, 0, 1), List.of(replaces)));
  }

  @Test
  @DisplayName("finds where a lost instance's players are, through several losses")
  void followsTheChain() {
    report("arena-a-1", "a");
    report("arena-b-2", "b", "arena-a-1");
    directory.forgetNode("b");
    report("arena-c-3", "c", "arena-b-2", "arena-a-1");

    assertThat(directory.current("arena-a-1").id()).isEqualTo("arena-c-3");
    assertThat(directory.current("arena-b-2").id()).isEqualTo("arena-c-3");
    assertThat(directory.current("arena-c-3").id()).isEqualTo("arena-c-3");
    assertThat(directory.predecessorsOf("arena-c-3")).containsExactlyInAnyOrder("arena-b-2", "arena-a-1");
  }

  @Test
  @DisplayName("knows nothing of a lost instance until something reports to have taken it over")
  void nothingBeforeTheTakeover() {
    report("arena-a-1", "a");
    directory.forgetNode("a");
    assertThat(directory.current("arena-a-1")).isNull();
  }
}
