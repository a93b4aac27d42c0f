package io.gamebus.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.gamebus.config.ClusterConfig;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The Hazelcast member a node embeds: Vert.x's default cluster configuration (the maps and
 * multimaps the event bus needs) with the network replaced by an explicit TCP-IP join on the
 * configured host, multicast and auto-detection off, and failure detection tuned for a game
 * server (see docs/operations.md for the measured timings). The only class touching Hazelcast.
 */
public final class HazelcastSetup {
  /** Heartbeat every second; a member silent for 5 s is removed (Hazelcast's default is 60 s). */
  static final String HEARTBEAT_SECONDS = "1";
  static final String MAX_NO_HEARTBEAT_SECONDS = "5";
  static final String GRACEFUL_SHUTDOWN_SECONDS = "10";
  static final String MERGE_DELAY_SECONDS = "5";

  private HazelcastSetup() {}

  public static ClusterManager clusterManager(ClusterConfig cluster) {
    return new HazelcastClusterManager(config(cluster));
  }

  /** The membership of a node whose Vert.x was clustered with {@link #clusterManager}, once joined. */
  public static Membership membership(ClusterManager manager) {
    HazelcastClusterManager hazelcast = (HazelcastClusterManager) manager;
    return new Membership() {
      @Override
      public String self() {
        // Not Vert.x's node id: vertx-hazelcast gives each member one of its own.
        return hazelcast.getHazelcastInstance().getCluster().getLocalMember().getUuid().toString();
      }

      @Override
      public void onLeft(java.util.function.Consumer<String> member) {
        hazelcast.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
          @Override
          public void memberAdded(MembershipEvent event) {
            // new members announce themselves on the registry
          }

          @Override
          public void memberRemoved(MembershipEvent event) {
            member.accept(event.getMember().getUuid().toString());
          }
        });
      }
    };
  }

  static Config config(ClusterConfig cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", HEARTBEAT_SECONDS);
    config.setProperty("hazelcast.max.no.heartbeat.seconds", MAX_NO_HEARTBEAT_SECONDS);
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // A node told to stop must not wait for its partitions' replicas longer than its drain may
    // take (Hazelcast's default is 600 s; with a member just lost it can take that long).
    config.setProperty("hazelcast.graceful.shutdown.max.wait", GRACEFUL_SHUTDOWN_SECONDS);
    // After a member is lost, operations on its partitions are retried until the backups are
    // promoted: retry every 100 ms rather than 500, so the reads of a recovery wait less.
    config.setProperty("hazelcast.invocation.retry.pause.millis", "100");
    // Two halves of a split cluster look for each other every few seconds, not minutes.
    config.setProperty("hazelcast.merge.first.run.delay.seconds", MERGE_DELAY_SECONDS);
    config.setProperty("hazelcast.merge.next.run.delay.seconds", MERGE_DELAY_SECONDS);
    MergePolicyConfig latestWins = new MergePolicyConfig(LatestUpdateMergePolicy.class.getName(),
        MergePolicyConfig.DEFAULT_BATCH_SIZE);
    // gamebus's maps (sessions, snapshots, versions) and Vert.x's counters (instance ids).
    for (String map : new String[] {"gamebus.*", "__vertx.map.counter"}) {
      config.addMapConfig(new MapConfig(map).setBackupCount(cluster.backups()).setAsyncBackupCount(0)
          .setPerEntryStatsEnabled(true).setMergePolicyConfig(latestWins));
    }
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return config;
  }
}
