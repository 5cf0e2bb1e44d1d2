package dev.trustmirror.verifier.webhook;

import dev.trustmirror.verifier.admission.AdmissionWebhook;
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
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The admission webhook's HTTPS server: {@code POST /validate} and {@code POST /mutate} answered by
 * an {@link AdmissionWebhook}, {@code GET /healthz}, {@code /readyz} and {@code /metrics}; the
 * certificate reloaded when its files change; optionally {@code /metrics} and the probes on a
 * plain-HTTP port as well. HTTP/1.1 with keep-alive, and HTTP/2 by ALPN.
 *
 * <pre>{@code
 * WebhookServer server =
 *     WebhookServer.start(vertx, WebhookServerOptions.builder(cert, key, wallClock).port(0).build(), webhook)
 *         .await();
 * server.url();   // https://127.0.0.1:41234/
 * server.close().await();
 * }</pre>
 *
 * <p>Reviews are decided on a bounded worker pool ({@link WebhookServerOptions#workerThreads()}),
 * never on an event loop; a saturated pool answers 503 at once, and the API server applies the
 * configuration's {@code failurePolicy} (the chart sets Fail).
 */
public final class WebhookServer {
  /**
   * Distinct per server, so that two servers on one Vert.x never share a random port (from -1001
   * down, away from the mirror server's -1, -2...).
   */
  private static final AtomicInteger SHARED_RANDOM_PORTS = new AtomicInteger(1000);

  private final Vertx vertx;
  private final WebhookServerOptions options;
  private final WebhookMetrics metrics;
  private final CertificateReloader tls;
  private final ThreadPoolExecutor workers;
  private final List<String> deployments = Collections.synchronizedList(new ArrayList<>());
  private final List<HttpServer> listeners = Collections.synchronizedList(new ArrayList<>());
  private volatile int port;
  private volatile OptionalInt metricsPort = OptionalInt.empty();

  private WebhookServer(Vertx vertx, WebhookServerOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.metrics = new WebhookMetrics(options.meterRegistry(), options.verdictCacheSize());
    this.tls = new CertificateReloader(vertx, options.tls(), metrics, options.wallClock());
    this.workers = workers(options.workerThreads(), options.workerQueue());
  }

  /**
   * Starts listening. The future fails, and nothing stays listening, when the certificate pair does
   * not load ({@link CertificatePairException}) or a port is taken.
   */
  public static Future<WebhookServer> start(
      Vertx vertx, WebhookServerOptions options, AdmissionWebhook webhook) {
    WebhookServer server =
        new WebhookServer(
            Objects.requireNonNull(vertx, "vertx"), Objects.requireNonNull(options, "options"));
    return server.listen(Objects.requireNonNull(webhook, "webhook"));
  }

  private Future<WebhookServer> listen(AdmissionWebhook webhook) {
    ReviewEndpoint reviews =
        new ReviewEndpoint(
            vertx,
            webhook,
            workers,
            options.settings().maxBodyBytes(),
            options.events(),
            metrics,
            options.ticker());
    return vertx
        .executeBlocking(tls::loadInitial, false)
        .compose(
            pair -> {
              Handler<HttpServerRequest> main =
                  new WebhookRouter(Optional.of(reviews), options.readiness(), metrics);
              // A negative port asks Vert.x for one free port shared by every listener using it.
              int listenPort =
                  options.port() > 0 ? options.port() : -SHARED_RANDOM_PORTS.incrementAndGet();
              return deploy(
                  options.host(),
                  listenPort,
                  Optional.of(pair.keyCertOptions()),
                  main,
                  options.eventLoops(),
                  listeners::add);
            })
        .compose(
            actual -> {
              port = actual;
              if (options.metricsListener().isEmpty()) {
                return Future.succeededFuture();
              }
              WebhookServerOptions.Listen m = options.metricsListener().get();
              Handler<HttpServerRequest> plain =
                  new WebhookRouter(Optional.empty(), options.readiness(), metrics);
              return deploy(m.host(), m.port(), Optional.empty(), plain, 1, s -> {})
                  .map(
                      p -> {
                        metricsPort = OptionalInt.of(p);
                        return null;
                      });
            })
        .map(
            x -> {
              tls.attach(listeners);
              tls.start(options.tlsReloadInterval().toMillis());
              return this;
            })
        .recover(e -> close().transform(closed -> Future.failedFuture(e)));
  }

  /** Deploys {@code instances} listeners on one port; completes with the port actually bound. */
  private Future<Integer> deploy(
      String host,
      int onPort,
      Optional<PemKeyCertOptions> pem,
      Handler<HttpServerRequest> handler,
      int instances,
      Consumer<HttpServer> started) {
    List<HttpServer> bound = Collections.synchronizedList(new ArrayList<>());
    return vertx
        .deployVerticle(
            () ->
                new Listener(
                    host,
                    onPort,
                    pem,
                    options.idleTimeout(),
                    handler,
                    s -> {
                      bound.add(s);
                      started.accept(s);
                    }),
            new DeploymentOptions().setInstances(instances))
        .map(
            id -> {
              deployments.add(id);
              return bound.get(0).actualPort();
            });
  }

  private static ThreadPoolExecutor workers(int threads, int queue) {
    AtomicInteger number = new AtomicInteger();
    BlockingQueue<Runnable> waiting =
        queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
    return new ThreadPoolExecutor(
        threads,
        threads,
        60,
        TimeUnit.SECONDS,
        waiting,
        runnable -> {
          Thread thread = new Thread(runnable, "trust-mirror-review-" + number.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        },
        new ThreadPoolExecutor.AbortPolicy());
  }

  /** The HTTPS port (the one bound, when 0 was asked for). */
  public int port() {
    return port;
  }

  /** The plain-HTTP metrics port, when there is that listener. */
  public OptionalInt metricsPort() {
    return metricsPort;
  }

  /** {@code https://HOST:PORT/}. */
  public URI url() {
    String h = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    return URI.create("https://" + h + ":" + port + "/");
  }

  /**
   * Reads the certificate files now instead of waiting for the next poll; completes with {@code
   * true} when a new pair was installed ({@code false}: unchanged, or refused and the old one
   * kept).
   */
  public Future<Boolean> reloadTls() {
    return tls.check();
  }

  WebhookMetrics metrics() {
    return metrics;
  }

  /**
   * Stops polling the certificate, stops accepting connections, waits up to {@link
   * WebhookServerOptions#shutdownGrace()} for reviews in flight, then closes every listener and the
   * worker pool. Does not close the Vert.x instance.
   */
  public Future<Void> close() {
    tls.stop();
    List<Future<Void>> shutdowns = new ArrayList<>();
    synchronized (listeners) {
      for (HttpServer s : listeners) {
        shutdowns.add(s.shutdown(options.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS));
      }
    }
    return Future.join(shutdowns)
        .transform(
            shut -> {
              List<Future<Void>> undeploys = new ArrayList<>();
              synchronized (deployments) {
                for (String id : deployments) {
                  undeploys.add(vertx.undeploy(id));
                }
                deployments.clear();
              }
              return Future.join(undeploys);
            })
        .transform(
            undeployed -> {
              workers.shutdownNow();
              return Future.<Void>succeededFuture();
            });
  }
}
