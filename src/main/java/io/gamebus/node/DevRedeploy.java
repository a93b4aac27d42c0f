package io.gamebus.node;

import io.gamebus.hotswap.DevJar;
import io.gamebus.hotswap.InvalidGameJarException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Watches a game jar and uploads each rebuild to the node's admin API as the next development
 * version, with {@code mode=migrate}: the same path an operator's upload takes.
 */
final class DevRedeploy {
  private static final long POLL_MS = 250;

  private final Path jar;
  private final String game;
  private final HttpClient http = HttpClient.newHttpClient();
  private int build = 1;
  private String current;

  DevRedeploy(Path jar, String game) {
    this.jar = jar;
    this.game = game;
  }

  /** Writes the first development version into {@code folder} (the node reads a configured jar in place). */
  Path firstCopy(Path folder) throws IOException {
    current = DevJar.manifestOf(jar).version() + "-dev." + build;
    return Files.write(folder.resolve(game + "-" + current + ".jar"), DevJar.withVersion(jar, current));
  }

  String current() {
    return current;
  }

  /** Starts watching, on a daemon thread of its own (it sleeps between looks at the file). */
  void watch(Node node) {
    String host = node.config().admin().host();
    URI upload = URI.create("http://" + (host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host) + ":"
        + node.adminPort() + "/admin/games?mode=migrate");
    Thread watcher = new Thread(() -> watch(upload, node.config().admin().token()), "gamebus-dev-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  private void watch(URI upload, String token) {
    String deployed = stamp();
    String seen = deployed;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        return;
      }
      String now = stamp();
      // Deploy once the file has stopped changing: a build may still be writing it.
      if (now.equals(seen) && !now.equals(deployed)) {
        deployed = now;
        deploy(upload, token);
      }
      seen = now;
    }
  }

  /** When and how big the jar is: a rebuild changes it. */
  private String stamp() {
    try {
      return Files.getLastModifiedTime(jar).toMillis() + "/" + Files.size(jar);
    } catch (IOException e) {
      return "missing";
    }
  }

  private void deploy(URI upload, String token) {
    try {
      String base = DevJar.manifestOf(jar).version();
      String version = base + "-dev." + (build + 1);
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(upload).timeout(Duration.ofMinutes(2))
          .header("Authorization", "Bearer " + token)
          .POST(HttpRequest.BodyPublishers.ofByteArray(DevJar.withVersion(jar, version))).build(),
          HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 200) {
        build++;
        current = version;
        System.out.println("gamebus dev: " + game + " " + version + " is live (migrate: players kept)");
      } else {
        System.out.println("gamebus dev: the rebuilt jar was refused (" + answer.statusCode() + "): " + error(answer.body())
            + "; fix it and rebuild");
      }
    } catch (InvalidGameJarException | UncheckedIOException e) {
      System.out.println("gamebus dev: the rebuilt jar cannot be read: " + e.getMessage() + "; fix it and rebuild");
    } catch (IOException e) {
      System.out.println("gamebus dev: the upload failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.flush();
  }

  private static String error(String body) {
    try {
      return new JsonObject(body).getString("error", body);
    } catch (DecodeException e) {
      return body;
    }
  }
}
