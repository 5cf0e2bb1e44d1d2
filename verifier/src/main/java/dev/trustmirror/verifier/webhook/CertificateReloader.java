package dev.trustmirror.verifier.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Serves the certificate pair given to the server and installs a new one when the files change
 * (cert-manager renews a certificate by rewriting its Secret volume). Every interval the files'
 * modification times and sizes are compared with the last look; only then, or on {@link #check()},
 * are they read and hashed, and a pair whose hash differs from the one served is checked ({@link
 * CertificatePair#read}) and given to every listener with {@code updateSSLOptions}: connections
 * opened afterwards see it, open ones keep theirs. A pair that does not load (a half-written file,
 * a key of another certificate) is counted and logged once, the old pair stays, and the next change
 * is tried again.
 */
final class CertificateReloader {
  private static final System.Logger LOG = System.getLogger(WebhookServer.class.getName());

  /**
   * A file whose modification time is this recent when it was last read may still be being written
   * within the file system's time granularity: it is read again at the next tick.
   */
  private static final long SETTLE_MILLIS = 2_000;

  private final Vertx vertx;
  private final WebhookServerOptions.TlsFiles files;
  private final WebhookMetrics metrics;
  private final Clock wallClock;
  private final List<HttpServer> servers = new ArrayList<>();
  private final Object lock = new Object();
  private String servedSha256 = "";
  private String refusedSha256 = "";
  private Optional<Stamp> lastStamp = Optional.empty();
  private Future<Boolean> running = Future.succeededFuture(false);
  private long timer = -1;

  /** What the files looked like: modification times, sizes, and when that was seen. */
  private record Stamp(long certificateMillis, long certificateSize, long keyMillis, long keySize) {
    boolean settled(long seenAtMillis) {
      return seenAtMillis - Math.max(certificateMillis, keyMillis) > SETTLE_MILLIS;
    }
  }

  /** A look at the files: the pair when they changed (or were forced), else empty. */
  private record Look(Optional<CertificatePair> pair, Optional<CertificatePairException> refusal) {}

  CertificateReloader(
      Vertx vertx, WebhookServerOptions.TlsFiles files, WebhookMetrics metrics, Clock wallClock) {
    this.wallClock = wallClock;
    this.vertx = vertx;
    this.files = files;
    this.metrics = metrics;
  }

  /** Reads the pair the server starts with. Blocking. */
  CertificatePair loadInitial() throws CertificatePairException {
    Optional<Stamp> stamp = stamp();
    CertificatePair pair = CertificatePair.read(files.certificate(), files.privateKey());
    synchronized (lock) {
      servedSha256 = pair.sha256();
      lastStamp = stamp.filter(s -> s.settled(wallClock.millis()));
    }
    LOG.log(Level.INFO, "Serving the TLS " + pair.describe() + " from " + files.certificate());
    return pair;
  }

  /** The listeners whose certificate is replaced on a change. */
  void attach(List<HttpServer> listeners) {
    synchronized (lock) {
      servers.addAll(listeners);
    }
  }

  /** Polls every {@code intervalMillis}; a tick is skipped while a look is running. */
  void start(long intervalMillis) {
    timer =
        vertx.setPeriodic(
            intervalMillis,
            id -> {
              synchronized (lock) {
                if (running.isComplete()) {
                  running = lookOnce(false);
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
   * Reads the files now, whatever their modification times, after any look already running;
   * completes with {@code true} when a new pair was installed.
   */
  Future<Boolean> check() {
    synchronized (lock) {
      running = running.transform(previous -> lookOnce(true));
      return running;
    }
  }

  private Future<Boolean> lookOnce(boolean force) {
    return vertx.executeBlocking(() -> look(force), false).compose(this::install);
  }

  /** Blocking: stats the files, and reads them when they changed. */
  private Look look(boolean force) {
    Optional<Stamp> stamp = stamp();
    long now = wallClock.millis();
    synchronized (lock) {
      if (!force && stamp.isPresent() && stamp.equals(lastStamp)) {
        return new Look(Optional.empty(), Optional.empty());
      }
      // Remember the stamp only once the files have settled, so a write within the file system's
      // time granularity after this read is still seen.
      lastStamp = stamp.filter(s -> s.settled(now));
    }
    try {
      return new Look(
          Optional.of(CertificatePair.read(files.certificate(), files.privateKey())),
          Optional.empty());
    } catch (CertificatePairException e) {
      return new Look(Optional.empty(), Optional.of(e));
    }
  }

  private Optional<Stamp> stamp() {
    try {
      BasicFileAttributes certificate =
          Files.readAttributes(files.certificate(), BasicFileAttributes.class);
      BasicFileAttributes key = Files.readAttributes(files.privateKey(), BasicFileAttributes.class);
      return Optional.of(
          new Stamp(
              certificate.lastModifiedTime().toMillis(),
              certificate.size(),
              key.lastModifiedTime().toMillis(),
              key.size()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Future<Boolean> install(Look look) {
    if (look.refusal().isPresent()) {
      refused(look.refusal().get(), refusalKey(look.refusal().get()));
      return Future.succeededFuture(false);
    }
    if (look.pair().isEmpty()) {
      return Future.succeededFuture(false);
    }
    CertificatePair pair = look.pair().get();
    List<HttpServer> targets;
    synchronized (lock) {
      if (pair.sha256().equals(servedSha256)) {
        refusedSha256 = "";
        return Future.succeededFuture(false);
      }
      targets = List.copyOf(servers);
    }
    List<Future<Boolean>> updates = new ArrayList<>();
    for (HttpServer server : targets) {
      updates.add(server.updateSSLOptions(pair.sslOptions(), true));
    }
    return Future.all(updates)
        .map(
            all -> {
              synchronized (lock) {
                servedSha256 = pair.sha256();
                refusedSha256 = "";
              }
              metrics.tlsReloaded(true);
              LOG.log(
                  Level.INFO,
                  "Reloaded the TLS certificate from "
                      + files.certificate()
                      + ": now serving "
                      + pair.describe());
              return true;
            })
        .recover(
            e -> {
              refused(e, "install " + pair.sha256());
              return Future.succeededFuture(false);
            });
  }

  /** What identifies a refusal, so that the same broken files are counted and logged once. */
  private static String refusalKey(CertificatePairException e) {
    return e.problem() + " " + e.file() + " " + e.getMessage();
  }

  private void refused(Throwable e, String key) {
    synchronized (lock) {
      if (key.equals(refusedSha256)) {
        return;
      }
      refusedSha256 = key;
    }
    metrics.tlsReloaded(false);
    LOG.log(
        Level.WARNING,
        "Tried to reload the TLS certificate from "
            + files.certificate()
            + " and "
            + files.privateKey()
            + " but failed: "
            + e.getMessage()
            + "; still serving the previous certificate");
  }
}
