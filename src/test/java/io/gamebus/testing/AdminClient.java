package io.gamebus.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Blocking calls to a node's admin API with (or without) its token. */
public final class AdminClient {
  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;
  private final String token;

  public AdminClient(int port, String token) {
    this.port = port;
    this.token = token;
  }

  /** The same API with another token (a wrong one, say). */
  public AdminClient withToken(String other) {
    return new AdminClient(port, other);
  }

  public HttpResponse<String> get(String path) {
    return send(builder(path).GET());
  }

  public HttpResponse<String> getWithoutToken(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public HttpResponse<String> postWithoutToken(String path) {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /**
   * The value of one sample of {@code /metrics}, e.g. {@code metric("gamebus_connections")} or
   * {@code metric("gamebus_errors_total{code=\"no_game\"}")}; 0 when the sample is not there.
   */
  public double metric(String sample) {
    HttpResponse<String> metrics = getWithoutToken("/metrics");
    if (metrics.statusCode() != 200) {
      throw new AssertionError("GET /metrics answered " + metrics.statusCode() + ": " + metrics.body());
    }
    for (String line : metrics.body().split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1).trim());
      }
    }
    return 0;
  }

  public HttpResponse<String> post(String path, byte[] body) {
    return send(builder(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  public HttpResponse<String> delete(String path) {
    return send(builder(path).DELETE());
  }

  private HttpRequest.Builder builder(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
