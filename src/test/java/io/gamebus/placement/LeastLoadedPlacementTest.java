package io.gamebus.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamebus.bus.InstanceInfo;
import io.gamebus.protocol.ErrorCode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Least-loaded placement")
class LeastLoadedPlacementTest {
  private final InstanceDirectory directory = new InstanceDirectory();
  private final LeastLoadedPlacement placement = new LeastLoadedPlacement(directory);
  private long seq;

  private void instance(String id, String game, String state, int sessions, int capacity) {
    directory.update(new InstanceInfo(id, game, "1.0.0", "n1", state, sessions, capacity, 0, 1, ++seq),
        System.currentTimeMillis());
  }

  @Test
  @DisplayName("refuses an unknown game with no_game")
  void unknownGame() {
    instance("echo-1", "echo", InstanceInfo.ACTIVE, 0, 10);
    Placement.Choice choice = placement.choose("chess");
    assertThat(choice.placed()).isFalse();
    assertThat(choice.error()).isEqualTo(ErrorCode.NO_GAME);
    assertThat(choice.message()).contains("chess");
  }

  @Test
  @DisplayName("refuses a game without an active instance with unavailable")
  void noActiveInstance() {
    instance("echo-1", "echo", InstanceInfo.FAILED, 0, 10);
    instance("echo-2", "echo", InstanceInfo.DRAINING, 0, 10);
    assertThat(placement.choose("echo").error()).isEqualTo(ErrorCode.UNAVAILABLE);
  }

  @Test
  @DisplayName("refuses a game whose every active instance is at capacity with full")
  void full() {
    instance("echo-1", "echo", InstanceInfo.ACTIVE, 10, 10);
    instance("echo-2", "echo", InstanceInfo.ACTIVE, 12, 10);
    instance("echo-3", "echo", InstanceInfo.DRAINING, 0, 10);
    assertThat(placement.choose("echo").error()).isEqualTo(ErrorCode.FULL);
  }

  @Test
  @DisplayName("picks the active instance with the lowest sessions/capacity, never a draining one")
  void leastLoaded() {
    instance("a", "echo", InstanceInfo.ACTIVE, 50, 100);
    instance("b", "echo", InstanceInfo.ACTIVE, 5, 10);
    instance("c", "echo", InstanceInfo.ACTIVE, 30, 100);
    instance("d", "echo", InstanceInfo.DRAINING, 0, 100);
    instance("e", "other", InstanceInfo.ACTIVE, 0, 100);
    Placement.Choice choice = placement.choose("echo");
    assertThat(choice.placed()).isTrue();
    assertThat(choice.instance().id()).isEqualTo("c");
  }

  @Test
  @DisplayName("counts placements in flight, so a burst of hellos spreads out before any instance reports")
  void pendingPlacementsCount() {
    instance("a", "echo", InstanceInfo.ACTIVE, 0, 100);
    instance("b", "echo", InstanceInfo.ACTIVE, 0, 100);
    instance("c", "echo", InstanceInfo.ACTIVE, 0, 100);
    Map<String, Integer> chosen = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      chosen.merge(placement.choose("echo").instance().id(), 1, Integer::sum);
    }
    assertThat(chosen).containsOnly(Map.entry("a", 10), Map.entry("b", 10), Map.entry("c", 10));
  }

  @Test
  @DisplayName("counts in-flight placements against capacity too")
  void pendingAgainstCapacity() {
    instance("a", "echo", InstanceInfo.ACTIVE, 1, 3);
    assertThat(placement.choose("echo").placed()).isTrue();
    assertThat(placement.choose("echo").placed()).isTrue();
    assertThat(placement.choose("echo").error()).isEqualTo(ErrorCode.FULL);
    placement.settle("a", null);
    assertThat(placement.choose("echo").placed()).isTrue();
  }

  @Test
  @DisplayName("takes the instance's own answer as its load once a join settles")
  void settleWithAnswer() {
    instance("a", "echo", InstanceInfo.ACTIVE, 0, 100);
    instance("b", "echo", InstanceInfo.ACTIVE, 3, 100);
    assertThat(placement.choose("echo").instance().id()).isEqualTo("a");
    placement.settle("a", new InstanceInfo("a", "echo", "1.0.0", "n1", InstanceInfo.ACTIVE, 7, 100, 0, 1, ++seq));
    assertThat(directory.instance("a").sessions()).isEqualTo(7);
    assertThat(placement.choose("echo").instance().id()).isEqualTo("b");
  }

  @Test
  @DisplayName("breaks ties at random, each tied instance about equally often")
  void tiesAreRandom() {
    String[] ids = {"a", "b", "c", "d"};
    for (String id : ids) {
      instance(id, "echo", InstanceInfo.ACTIVE, 10, 100);
    }
    Map<String, Integer> chosen = new HashMap<>();
    int draws = 4000;
    for (int i = 0; i < draws; i++) {
      String id = placement.choose("echo").instance().id();
      placement.settle(id, null); // nothing joined: the tie stays a tie
      chosen.merge(id, 1, Integer::sum);
    }
    assertThat(chosen).containsOnlyKeys(ids);
    // Expected 1000 each; a fair choice stays within +-15% with overwhelming probability.
    assertThat(chosen.values()).allSatisfy(n -> assertThat(n).isBetween(850, 1150));
  }

  @Test
  @DisplayName("ignores a report older than what it already knows of an instance")
  void staleReports() {
    directory.update(new InstanceInfo("a", "echo", "1.0.0", "n1", InstanceInfo.ACTIVE, 9, 100, 0, 1, 5), 0);
    directory.update(new InstanceInfo("a", "echo", "1.0.0", "n1", InstanceInfo.ACTIVE, 2, 100, 0, 1, 4), 0);
    assertThat(directory.instance("a").sessions()).isEqualTo(9);
  }
}
