package io.gamebus.node;

/** Routes Vert.x's and Hazelcast's logging through SLF4J (logback); must run before either loads. */
final class Logging {
  private Logging() {}

  static void configure() {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("hazelcast.logging.type", "slf4j");
    System.setProperty("hazelcast.phone.home.enabled", "false");
  }
}
