package io.gamebus.config;

import java.util.List;

/** {@code cluster}: the Hazelcast cluster a node joins with {@code --cluster}. */
public record ClusterConfig(String name, String host, int port, List<String> members) {

  static ClusterConfig from(ConfigReader in) {
    return new ClusterConfig(in.string("name", "gamebus"), in.string("host", "127.0.0.1"),
        in.integer("port", 5701, 0, 65535), in.strings("members", List.of("127.0.0.1:5701")));
  }

  ClusterConfig withPortOffset(int offset) {
    return new ClusterConfig(name, host, GatewayConfig.shift(port, offset), members);
  }
}
