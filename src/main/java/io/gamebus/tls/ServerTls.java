package io.gamebus.tls;

import io.gamebus.config.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a server under TLS with a PEM certificate chain and key, and reloads them when they
 * change: the files' content is compared every {@value #POLL_MS} ms (content, not modification
 * times, which a copy can keep and whose granularity can hide a second change), and on a change
 * the servers get the new certificate with {@code updateSSLOptions(options, force)}, forced
 * because the paths are the same. Connections already open keep the certificate they started
 * with and stay open; new ones get the new certificate. A pair that does not load (a key
 * written before its certificate) is tried again at the next poll; meanwhile the old one serves.
 */
public final class ServerTls {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
  static final long POLL_MS = 2_000;

  private final Vertx vertx;
  private final TlsConfig tls;
  private final Function<ServerSSLOptions, Future<?>> update;
  private Buffer served;

  private ServerTls(Vertx vertx, TlsConfig tls, Function<ServerSSLOptions, Future<?>> update, Buffer served) {
    this.vertx = vertx;
    this.tls = tls;
    this.update = update;
    this.served = served;
  }

  /** Server options under TLS with these files. */
  public static <T extends NetServerOptions> T secure(T options, TlsConfig tls) {
    options.setSsl(true).setKeyCertOptions(keyCert(tls));
    return options;
  }

  /**
   * Watches the files from now on, on the calling verticle's context (its undeploy stops it);
   * {@code update} gives every server of that verticle the new options, e.g.
   * {@code o -> server.updateSSLOptions(o, true)}.
   */
  public static Future<Void> watch(Vertx vertx, TlsConfig tls, Function<ServerSSLOptions, Future<?>> update) {
    return read(vertx, tls).map(content -> {
      ServerTls watcher = new ServerTls(vertx, tls, update, content);
      vertx.setPeriodic(POLL_MS, t -> watcher.poll());
      return null;
    });
  }

  private void poll() {
    read(vertx, tls).onSuccess(content -> {
      if (content.equals(served)) {
        return;
      }
      update.apply(new ServerSSLOptions().setKeyCertOptions(keyCert(tls))).onComplete(ar -> {
        if (ar.succeeded()) {
          served = content;
          LOG.info("TLS certificate {} reloaded: new connections get it, open ones keep theirs", tls.certFile());
        } else {
          LOG.warn("TLS certificate {} changed but does not load yet ({}); still serving the previous one",
              tls.certFile(), ar.cause().getMessage());
        }
      });
    });
  }

  private static Future<Buffer> read(Vertx vertx, TlsConfig tls) {
    return Future.all(List.of(vertx.fileSystem().readFile(tls.certFile()), vertx.fileSystem().readFile(tls.keyFile())))
        .map(both -> Buffer.buffer().appendBuffer(both.resultAt(0)).appendBuffer(both.resultAt(1)));
  }

  private static PemKeyCertOptions keyCert(TlsConfig tls) {
    return new PemKeyCertOptions().setCertPath(tls.certFile()).setKeyPath(tls.keyFile());
  }
}
