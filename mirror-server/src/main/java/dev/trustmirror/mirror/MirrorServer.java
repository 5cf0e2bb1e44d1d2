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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Serves the current generation of a published directory over HTTP/1.1 and HTTP/2: the files of the
 * verified repository byte for byte from memory, {@code /healthz}, {@code /readyz}, {@code
 * /metrics} and a status page at {@code /}. A new generation published by the sync agent is
 * verified again and switched in without a restart; each response comes whole from one generation.
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
  private final AtomicReference<ServedRepository> served;
  private final MirrorMetrics metrics;
  private final GenerationWatcher watcher;
  private final Optional<TlsReloader> tls;
  private final List<String> deployments = Collections.synchronizedList(new ArrayList<>());
  private final List<HttpServer> mainListeners = Collections.synchronizedList(new ArrayList<>());
  private volatile int port;
  private volatile OptionalInt adminPort = OptionalInt.empty();

  private MirrorServer(Vertx vertx, MirrorServerOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.served = new AtomicReference<>();
    this.metrics = new MirrorMetrics(options.clock(), options.readyGrace(), served::get);
    this.watcher =
        new GenerationWatcher(
            vertx,
            options.repository(),
            served,
            metrics,
            options.eventLog(),
            options.clock(),
            options.retainedGenerations());
    this.tls =
        options.tls().map(files -> new TlsReloader(vertx, files, metrics, options.eventLog()));
  }

  /**
   * Verifies the current generation of {@code options.repository()} and listens. The future
   * completes once both are done, so the server is ready to serve when it does (until then the port
   * answers 503). It fails, and nothing stays listening, when nothing was published, it cannot be
   * read ({@link java.io.IOException}) or it does not verify ({@link
   * dev.trustmirror.tuf.TufRefusalException}), or when a port is taken.
   */
  public static Future<MirrorServer> start(Vertx vertx, MirrorServerOptions options) {
    return start(
        vertx,
        options,
        vertx.executeBlocking(
            () ->
                GenerationWatcher.load(
                    options.repository(), options.clock(), options.retainedGenerations()),
            false));
  }

  /**
   * As {@link #start(Vertx, MirrorServerOptions)}, with the first generation loaded by the caller
   * (in parallel with creating the Vert.x instance, say).
   */
  static Future<MirrorServer> start(
      Vertx vertx, MirrorServerOptions options, Future<GenerationWatcher.Loaded> initial) {
    MirrorServer server = new MirrorServer(vertx, options);
    Future<Void> loaded =
        initial.map(
            first -> {
              server.served.set(first.repository());
              server.metrics.rolesOf(first.repository());
              server.watcher.loaded(first);
              return null;
            });
    Future<Void> listening =
        vertx
            .executeBlocking(
                () ->
                    server.tls.isPresent()
                        ? Optional.of(server.tls.get().loadInitial().keyCertOptions())
                        : Optional.<PemKeyCertOptions>empty(),
                false)
            .compose(server::listenAll);
    // join, not all: on a failure, wait for the other half before closing what it opened.
    return Future.join(loaded, listening)
        .map(
            x -> {
              server.startTimers();
              return server;
            })
        .recover(
            e -> {
              Throwable cause = loaded.failed() ? loaded.cause() : listening.cause();
              return server.close().transform(closed -> Future.failedFuture(cause));
            });
  }

  private void startTimers() {
    watcher.start(options.reloadInterval().toMillis());
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
    OpsEndpoints ops = new OpsEndpoints(served::get, options, metrics, () -> url().toString());
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

  /** The name of the generation being served, e.g. {@code 762-3f2a9c0d1e4b}. */
  public String generation() {
    return served.get().generationName();
  }

  /**
   * What clients should be configured with to use this server as their TUF mirror: {@code
   * --tuf-mirror URL} and the {@code cosign initialize} line naming the newest root served.
   *
   * @param mirrorUrl the URL clients reach the server at (for example {@link #url()})
   */
  public List<String> clientSettings(URI mirrorUrl) {
    return ClientSettings.lines(mirrorUrl.toString(), served.get().repository().rootVersion());
  }

  /**
   * Looks for a new generation now instead of at the next timer tick; completes with {@code true}
   * when one was verified and switched in.
   */
  public Future<Boolean> reload() {
    return watcher.check();
  }

  /** Stops watching and closes every listener; open connections are closed. */
  public Future<Void> close() {
    watcher.stop();
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

  private URI url(int p, boolean https) {
    String h = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    return URI.create((https ? "https" : "http") + "://" + h + ":" + p + "/");
  }
}
