package io.gamebus.config;

import java.util.List;
import java.util.Set;

/** {@code node}: this node's id and roles ({@code gateway}, {@code games}). */
public record NodeConfig(String id, List<String> roles) {
  public static final String GATEWAY = "gateway";
  public static final String GAMES = "games";

  static NodeConfig from(ConfigReader in) {
    List<String> roles = in.strings("roles", List.of(GATEWAY, GAMES));
    for (String role : roles) {
      if (!Set.of(GATEWAY, GAMES).contains(role)) {
        throw in.fail("roles", "a list of \"gateway\" and \"games\"", role);
      }
    }
    if (roles.isEmpty()) {
      throw in.fail("roles", "at least one of \"gateway\" and \"games\"", "[]");
    }
    return new NodeConfig(in.string("id", "n1"), roles);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
