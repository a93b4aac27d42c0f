package io.gamebus.config;

import java.util.List;

/**
 * {@code cluster}: the Hazelcast cluster a node joins with {@code --cluster}.
 *
 * @param backups how many other members keep a copy of each session entry, snapshot and id
 *                counter (Hazelcast's synchronous backup count): that many members can be lost
 *                at once without losing any; each one costs a copy of the data and a wait on
 *                every write
 */
public record ClusterConfig(String name, String host, int port, List<String> members, int backups) {

  static ClusterConfig from(ConfigReader in) {
    return new ClusterConfig(in.string("name", "gamebus"), in.string("host", "127.0.0.1"),
        in.integer("port", 5701, 0, 65535), in.strings("members", List.of("127.0.0.1:5701")),
        in.integer("backups", 1, 0, 6));
  }

  ClusterConfig withPortOffset(int offset) {
    return new ClusterConfig(name, host, GatewayConfig.shift(port, offset), members, backups);
  }
}
