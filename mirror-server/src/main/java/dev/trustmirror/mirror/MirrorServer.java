package dev.trustmirror.mirror;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a verified TUF repository over HTTP/1.1 and HTTP/2: the files byte for byte from memory,
 * {@code /healthz}, {@code /readyz}, {@code /metrics} and a status page at {@code /}. The
 * repository comes from a published directory (each new generation the sync agent publishes is
 * verified again and switched in without a restart) or from a {@code TrustRoot} resource (watched;
 * each new state is verified and switched in). Each response comes whole from one repository.
 *
 * <pre>{@code
 * MirrorServer server = MirrorServer.start(vertx, MirrorServerOptions.builder(out).port(0).build())
 *     .await();
 * server.url();   // http://127.0.0.1:41234/
 * server.close();
 * }</pre>
 */
public final class MirrorServer {
  /** Distinct per server, so that two servers on one Vert.x never share a random port. */
  private static final AtomicInteger SHARED_RANDOM_PORTS = new AtomicInteger();

  private final Vertx vertx;
  private final MirrorServerOptions options;
  private final RepositorySwitch served;
  private final MirrorMetrics metrics;
  private final RepositoryFeed feed;
  private final Optional<TlsReloader> tls;
  private final List<String> deployments = Collections.synchronizedList(new ArrayList<>());
  private final List<HttpServer> mainListeners = Collections.synchronizedList(new ArrayList<>());
  private volatile int port;
  private volatile OptionalInt adminPort = OptionalInt.empty();

  private MirrorServer(Vertx vertx, MirrorServerOptions options) {
    this.vertx = vertx;
    this.options = options;
    // The metrics read the served repository and its source at scrape time, long after this.
    this.metrics =
        new MirrorMetrics(options.clock(), options.readyGrace(), this::servedNow, this::sourceNow);
    this.served =
        new RepositorySwitch(
            metrics, options.eventLog(), options.clock(), options.retainedGenerations());
    if (options.source() instanceof MirrorServerOptions.Source.TrustRoot trustRoot) {
      this.feed = new TrustRootFeed(vertx, trustRoot, served, options.eventLog(), options.clock());
    } else {
      this.feed =
          new GenerationWatcher(
              vertx,
              ((MirrorServerOptions.Source.Directory) options.source()).path(),
              served,
              options.reloadInterval());
    }
    this.tls =
        options.tls().map(files -> new TlsReloader(vertx, files, metrics, options.eventLog()));
  }

  /**
   * Starts serving {@code options.source()}; the future completes once the server listens and
   * follows its source.
   *
   * <p>A published directory: its current generation is verified first (the port answers 503
   * meanwhile). Starting fails, and nothing stays listening, when nothing was published, it cannot
   * be read ({@link java.io.IOException}) or it does not verify ({@link
   * dev.trustmirror.tuf.TufRefusalException}).
   *
   * <p>A {@code TrustRoot}: the resource is read and verified once the port listens, then watched.
   * A resource that does not exist or does not verify does not stop the server: it stays unready
   * (503, {@code /readyz} saying why) until a state verifies. Starting fails ({@link
   * java.io.IOException}) only when the API server cannot be reached or does not let the client
   * get, list and watch the resource.
   *
   * <p>Either way, starting also fails when a port is taken.
   */
  public static Future<MirrorServer> start(Vertx vertx, MirrorServerOptions options) {
    if (options.source() instanceof MirrorServerOptions.Source.Directory directory) {
      return start(
          vertx,
          options,
          vertx.executeBlocking(
              () ->
                  GenerationWatcher.load(
                      directory.path(), options.clock(), options.retainedGenerations()),
              false));
    }
    MirrorServer server = new MirrorServer(vertx, options);
    return server.listenThenFollow(Future.succeededFuture());
  }

  /**
   * As {@link #start(Vertx, MirrorServerOptions)} for a published directory, with the first
   * generation loaded by the caller (in parallel with creating the Vert.x instance, say).
   */
  static Future<MirrorServer> start(
      Vertx vertx, MirrorServerOptions options, Future<GenerationWatcher.Loaded> initial) {
    MirrorServer server = new MirrorServer(vertx, options);
    if (!(server.feed instanceof GenerationWatcher watcher)) {
      throw new IllegalArgumentException("A loaded generation is only for a published directory");
    }
    Future<Void> loaded =
        initial.map(
            first -> {
              server.served.first(first.repository());
              watcher.loaded(first);
              return null;
            });
    return server.listenThenFollow(loaded);
  }

  private Future<MirrorServer> listenThenFollow(Future<Void> loaded) {
    Future<Void> listening =
        vertx
            .executeBlocking(
                () ->
                    tls.isPresent()
                        ? Optional.of(tls.get().loadInitial().keyCertOptions())
                        : Optional.<PemKeyCertOptions>empty(),
                false)
            .compose(this::listenAll);
    // join, not all: on a failure, wait for the other half before closing what it opened.
    return Future.join(loaded, listening)
        .compose(x -> feed.follow())
        .map(
            x -> {
              startTimers();
              return this;
            })
        .recover(
            e -> {
              Throwable cause =
                  loaded.failed() ? loaded.cause() : listening.failed() ? listening.cause() : e;
              return close().transform(closed -> Future.failedFuture(cause));
            });
  }

  private void startTimers() {
    tls.ifPresent(
        t -> {
          t.attach(mainListeners);
          t.start(options.tlsReloadInterval().toMillis());
        });
    vertx.executeBlocking(
        () -> {
          metrics.bindJvmMetrics();
          return null;
        },
        false);
  }

  private Future<Void> listenAll(Optional<PemKeyCertOptions> pem) {
    AccessLog log = new AccessLog(options.accessLog(), options.accessLogSink(), options.clock());
    OpsEndpoints ops =
        new OpsEndpoints(served::get, feed, options, metrics, () -> url().toString());
    boolean separateAdmin = options.adminPort().isPresent();
    Handler<HttpServerRequest> main =
        new RequestRouter(
            served::get,
            Optional.of(new FileResponder(served::get)),
            ops,
            !separateAdmin,
            metrics,
            log);
    // Vert.x shares one listening socket between servers listening on the same port and spreads
    // connections over their event loops. Port 0 would give each a different free port; a negative
    // port asks Vert.x for one free port shared by all servers using that same negative number.
    int listenPort = options.port() > 0 ? options.port() : -SHARED_RANDOM_PORTS.incrementAndGet();
    Future<Void> all =
        deploy(listenPort, pem, main, options.listeners(), mainListeners::add)
            .map(
                actual -> {
                  port = actual;
                  return null;
                });
    if (separateAdmin) {
      Handler<HttpServerRequest> admin =
          new RequestRouter(served::get, Optional.empty(), ops, true, metrics, log);
      all =
          all.compose(
              x ->
                  deploy(options.adminPort().getAsInt(), Optional.empty(), admin, 1, s -> {})
                      .map(
                          actual -> {
                            adminPort = OptionalInt.of(actual);
                            return null;
                          }));
    }
    return all;
  }

  /** Deploys {@code instances} listeners on one port; completes with the port actually bound. */
  private Future<Integer> deploy(
      int onPort,
      Optional<PemKeyCertOptions> pem,
      Handler<HttpServerRequest> handler,
      int instances,
      java.util.function.Consumer<HttpServer> started) {
    List<HttpServer> bound = Collections.synchronizedList(new ArrayList<>());
    return vertx
        .deployVerticle(
            () ->
                new Listener(
                    options.host(),
                    onPort,
                    pem,
                    handler,
                    s -> {
                      bound.add(s);
                      started.accept(s);
                    }),
            new DeploymentOptions().setInstances(instances))
        .map(
            id -> {
              deployments.add(id);
              int actual = bound.get(0).actualPort();
              for (HttpServer s : bound) {
                if (s.actualPort() != actual) {
                  throw new IllegalStateException(
                      "Listeners bound different ports: " + actual + " and " + s.actualPort());
                }
              }
              return actual;
            });
  }

  /** {@code http://HOST:PORT/} (or {@code https://}) of the main port. */
  public URI url() {
    return url(port, options.tls().isPresent());
  }

  /** The main port (the one bound, when 0 was asked for). */
  public int port() {
    return port;
  }

  /**
   * The admin port's URL, when {@code /healthz}, {@code /readyz} and {@code /metrics} are there.
   */
  public Optional<URI> adminUrl() {
    return adminPort.isPresent() ? Optional.of(url(adminPort.getAsInt(), false)) : Optional.empty();
  }

  /**
   * The name of the generation being served, e.g. {@code 762-3f2a9c0d1e4b} (a directory) or {@code
   * trustroot/sigstore@812} (a TrustRoot at resourceVersion 812).
   *
   * @throws IllegalStateException when nothing is served yet (a TrustRoot that does not exist or
   *     does not verify)
   */
  public String generation() {
    return served
        .current()
        .orElseThrow(() -> new IllegalStateException("Nothing is served yet: " + feed.waitingFor()))
        .generationName();
  }

  /** The name of the generation being served, if any; see {@link #generation()}. */
  public Optional<String> findGeneration() {
    return served.current().map(ServedRepository::generationName);
  }

  /**
   * One line on the source: {@code directory /srv/out}, {@code TrustRoot sigstore, resourceVersion
   * 812}, or why nothing is served yet.
   */
  public String sourceStatus() {
    SourceDescription s = feed.source();
    return served.current().isPresent()
        ? s.label() + " " + s.value()
        : "waiting: " + feed.waitingFor();
  }

  /**
   * What clients should be configured with to use this server as their TUF mirror: {@code
   * --tuf-mirror URL} and the {@code cosign initialize} line naming the newest root served. Empty
   * while nothing is served.
   *
   * @param mirrorUrl the URL clients reach the server at (for example {@link #url()})
   */
  public List<String> clientSettings(URI mirrorUrl) {
    return served
        .current()
        .map(r -> ClientSettings.lines(mirrorUrl.toString(), r.repository().rootVersion()))
        .orElse(List.of());
  }

  /**
   * Looks at the source now instead of waiting for the next timer tick (a directory) or watch event
   * (a TrustRoot); completes with {@code true} when a newly verified repository was switched in.
   */
  public Future<Boolean> reload() {
    return feed.check();
  }

  /** Stops following the source and closes every listener; open connections are closed. */
  public Future<Void> close() {
    feed.stop();
    tls.ifPresent(TlsReloader::stop);
    List<Future<Void>> undeploys = new ArrayList<>();
    synchronized (deployments) {
      for (String id : deployments) {
        undeploys.add(vertx.undeploy(id));
      }
      deployments.clear();
    }
    return Future.join(undeploys).mapEmpty();
  }

  /** Checks the certificate files now (tests; the timer does it every second). */
  Future<Boolean> reloadTls() {
    return tls.map(TlsReloader::check).orElse(Future.succeededFuture(false));
  }

  MirrorMetrics metrics() {
    return metrics;
  }

  private ServedRepository servedNow() {
    return served.get();
  }

  private SourceDescription sourceNow() {
    return feed.source();
  }

  private URI url(int p, boolean https) {
    String h = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    return URI.create((https ? "https" : "http") + "://" + h + ":" + p + "/");
  }
}
