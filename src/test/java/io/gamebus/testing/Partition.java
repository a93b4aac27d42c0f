package io.gamebus.testing;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.UUID;

/**
 * Splits the Hazelcast members of in-JVM test nodes into two sides, as a network partition
 * would: each side declares the other's members dead and drops its connections to them
 * (Hazelcast's own suspicion path). Nothing keeps them apart afterwards, so Hazelcast's
 * split-brain handling finds the other side and merges the two again after its merge delay.
 * Test-only: reaches into Hazelcast's internals.
 */
public final class Partition {
  private Partition() {}

  public static void split(List<TestNode> one, List<TestNode> other) {
    cut(one, other);
    cut(other, one);
  }

  private static void cut(List<TestNode> from, List<TestNode> to) {
    for (TestNode node : from) {
      HazelcastInstance hz = hazelcast(node);
      for (TestNode peer : to) {
        UUID id = hazelcast(peer).getCluster().getLocalMember().getUuid();
        for (Member member : hz.getCluster().getMembers()) {
          if (member.getUuid().equals(id)) {
            ((HazelcastInstanceProxy) hz).getOriginal().node.getClusterService()
                .suspectMember(member, "test: network partition", true);
          }
        }
      }
    }
  }

  private static HazelcastInstance hazelcast(TestNode node) {
    return ((HazelcastClusterManager) ((VertxInternal) node.node().vertx()).clusterManager()).getHazelcastInstance();
  }
}
