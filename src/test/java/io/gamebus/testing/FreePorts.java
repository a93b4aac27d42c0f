package io.gamebus.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports, for servers (Hazelcast, a node process started again) that need a port
 * number before they start. They are drawn below Linux's ephemeral range (32768 and up): a port
 * the kernel handed out as free can be handed out again at any moment as the local port of some
 * outgoing connection, and a node started again on it later then finds it in use.
 */
public final class FreePorts {
  private static final int LOWEST = 20_000;
  private static final int BELOW = 32_768;

  private FreePorts() {}

  public static int next() {
    while (true) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, BELOW);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // another one
      }
    }
  }
}
