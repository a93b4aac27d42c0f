package io.gamebus.node;

import io.gamebus.config.ConfigException;
import io.gamebus.config.PortInUse;
import io.gamebus.config.GameConfig;
import io.gamebus.config.GamebusConfig;
import io.gamebus.config.NodeConfig;
import io.gamebus.hotswap.GameVersions;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the command line checks before it starts a node, so that a configuration the node cannot
 * run with is refused at once with one line naming the key and the fix (exit status 2), instead
 * of failing halfway through the start: every configured game exists (built in, or a valid jar),
 * {@code gateway.defaultGame} is one of them, and the node's ports are free.
 */
final class StartupCheck {
  private StartupCheck() {}

  /** @throws ConfigException naming the first key the node cannot run with */
  static void check(GamebusConfig config) {
    List<String> names = gameNames(config.games());
    if (config.node().hasRole(NodeConfig.GATEWAY) && !names.contains(config.gateway().defaultGame())) {
      throw new ConfigException("gateway.defaultGame '" + config.gateway().defaultGame()
          + "' names no configured game (configured: " + String.join(", ", names) + "); set it to one of them,"
          + " or add an entry for it to 'games' (a 'games' list replaces the default one, echo and arena)");
    }
    for (Map.Entry<String, String> port : ports(config).entrySet()) {
      refuseIfTaken(port.getKey(), port.getValue());
    }
  }

  /** The games the configuration names, each checked as the node will load it. */
  private static List<String> gameNames(List<GameConfig> games) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < games.size(); i++) {
      names.add(GameVersions.check(games.get(i), "games[" + i + "]"));
    }
    return names;
  }

  private static Map<String, String> ports(GamebusConfig config) {
    Map<String, String> ports = new LinkedHashMap<>();
    if (config.node().hasRole(NodeConfig.GATEWAY)) {
      ports.put("gateway.tcpPort", config.gateway().host() + ":" + config.gateway().tcpPort());
      ports.put("gateway.httpPort", config.gateway().host() + ":" + config.gateway().httpPort());
    }
    ports.put("admin.port", config.admin().host() + ":" + config.admin().port());
    return ports;
  }

  /** A port held by another process: say which key chose it (a bind error from deep in the start says neither). */
  private static void refuseIfTaken(String key, String address) {
    int colon = address.lastIndexOf(':');
    int port = Integer.parseInt(address.substring(colon + 1));
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(address.substring(0, colon), port));
    } catch (BindException e) {
      // The same words as a bind that fails later, during the start (PortInUse).
      throw new ConfigException(String.valueOf(e.getMessage()).contains("in use")
          ? PortInUse.of(key, address.substring(0, colon), port, e).getMessage()
          : key + ": " + address + " cannot be listened on (" + e.getMessage() + "); choose another port or host for " + key);
    } catch (IOException e) {
      throw new ConfigException(key + ": cannot listen on " + address + " (" + e.getMessage() + ")", e);
    }
  }
}
