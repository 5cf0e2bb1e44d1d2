package dev.trustmirror.mirror;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Serves the PEM certificate and key given to the server, and reloads them when the files change
 * (cert-manager renews a certificate by rewriting its Secret volume). The files are read and hashed
 * on a Vert.x timer; on a change the new pair is given to every listener with {@code
 * updateSSLOptions}: connections opened afterwards get the new certificate, open ones keep theirs.
 * A pair that does not load (for example a half-written file) is counted and logged, the old one
 * stays, and the next change is tried again.
 */
final class TlsReloader {
  private final Vertx vertx;
  private final MirrorServerOptions.TlsFiles files;
  private final MirrorMetrics metrics;
  private final Consumer<String> log;
  private final List<HttpServer> servers = new ArrayList<>();
  private final Object lock = new Object();
  private String loadedSha256;
  private String failedSha256 = "";
  private String lastReadError = "";
  private Future<Boolean> running = Future.succeededFuture(false);
  private long timer = -1;

  /** A certificate and key as read from the files, with a hash of both. */
  record Pair(Buffer certificate, Buffer key, String sha256) {
    PemKeyCertOptions keyCertOptions() {
      return new PemKeyCertOptions().setCertValue(certificate).setKeyValue(key);
    }

    ServerSSLOptions sslOptions() {
      return new ServerSSLOptions().setKeyCertOptions(keyCertOptions()).setUseAlpn(true);
    }
  }

  TlsReloader(
      Vertx vertx,
      MirrorServerOptions.TlsFiles files,
      MirrorMetrics metrics,
      Consumer<String> log) {
    this.vertx = vertx;
    this.files = files;
    this.metrics = metrics;
    this.log = log;
  }

  /**
   * Reads the pair the server starts with, blocking.
   *
   * @throws IOException when a file cannot be read or the certificate is not PEM
   */
  Pair loadInitial() throws IOException {
    Pair p = read();
    synchronized (lock) {
      loadedSha256 = p.sha256();
    }
    return p;
  }

  /** The listeners whose certificate is replaced on a change. */
  void attach(List<HttpServer> listeners) {
    synchronized (lock) {
      servers.addAll(listeners);
    }
  }

  /** Checks every {@code interval} milliseconds; a tick is skipped while a check is running. */
  void start(long intervalMillis) {
    timer =
        vertx.setPeriodic(
            intervalMillis,
            id -> {
              synchronized (lock) {
                if (running.isComplete()) {
                  running = checkOnce();
                }
              }
            });
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * Checks the files now, after any check already running; completes with {@code true} when a new
   * pair was installed.
   */
  Future<Boolean> check() {
    synchronized (lock) {
      running = running.transform(previous -> checkOnce());
      return running;
    }
  }

  private Future<Boolean> checkOnce() {
    return vertx.executeBlocking(this::read, false).compose(this::install, this::readFailed);
  }

  /** Counts and logs a pair that cannot be read once, not at every check. */
  private Future<Boolean> readFailed(Throwable e) {
    synchronized (lock) {
      if (String.valueOf(e.getMessage()).equals(lastReadError)) {
        return Future.succeededFuture(false);
      }
      lastReadError = String.valueOf(e.getMessage());
    }
    metrics.tlsReloaded(false);
    log.accept("WARNING: tried to read the TLS certificate and key but failed: " + e.getMessage());
    return Future.succeededFuture(false);
  }

  private Future<Boolean> install(Pair pair) {
    List<HttpServer> targets;
    synchronized (lock) {
      lastReadError = "";
      if (pair.sha256().equals(loadedSha256) || pair.sha256().equals(failedSha256)) {
        return Future.succeededFuture(false);
      }
      targets = List.copyOf(servers);
    }
    List<Future<Boolean>> updates = new ArrayList<>();
    for (HttpServer s : targets) {
      updates.add(s.updateSSLOptions(pair.sslOptions(), true));
    }
    return Future.all(updates)
        .map(
            all -> {
              synchronized (lock) {
                loadedSha256 = pair.sha256();
              }
              metrics.tlsReloaded(true);
              log.accept("Reloaded the TLS certificate from " + files.certificate());
              return true;
            })
        .recover(
            e -> {
              synchronized (lock) {
                failedSha256 = pair.sha256();
              }
              metrics.tlsReloaded(false);
              log.accept(
                  "WARNING: tried to reload the TLS certificate from "
                      + files.certificate()
                      + " and "
                      + files.privateKey()
                      + " but failed: "
                      + e.getMessage()
                      + "; still serving the previous one");
              return Future.succeededFuture(false);
            });
  }

  private Pair read() throws IOException {
    byte[] cert = Files.readAllBytes(files.certificate());
    byte[] key = Files.readAllBytes(files.privateKey());
    try {
      if (CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(cert))
          .isEmpty()) {
        throw new IOException("No certificate in " + files.certificate());
      }
    } catch (CertificateException e) {
      throw new IOException("Tried to read a PEM certificate from " + files.certificate(), e);
    }
    byte[] both = new byte[cert.length + key.length];
    System.arraycopy(cert, 0, both, 0, cert.length);
    System.arraycopy(key, 0, both, cert.length, key.length);
    return new Pair(Buffer.buffer(cert), Buffer.buffer(key), ServedFile.sha256Hex(both));
  }
}
