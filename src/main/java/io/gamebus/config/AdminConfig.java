package io.gamebus.config;

/** {@code admin}: where the admin API listens, the bearer token it requires, and its TLS (or null). */
public record AdminConfig(String host, int port, String token, boolean tokenGenerated, TlsConfig tls) {

  static AdminConfig from(ConfigReader in, String tokenFromEnvironment) {
    String configured = in.string("token", null);
    String token = tokenFromEnvironment != null && !tokenFromEnvironment.isBlank() ? tokenFromEnvironment : configured;
    boolean generated = token == null;
    if (generated) {
      token = Tokens.random();
    }
    return new AdminConfig(in.string("host", "127.0.0.1"), in.integer("port", 9090, 0, 65535), token, generated,
        TlsConfig.from(in));
  }

  AdminConfig withPortOffset(int offset) {
    return new AdminConfig(host, GatewayConfig.shift(port, offset), token, tokenGenerated, tls);
  }
}
