package dev.trustmirror.verifier.service;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.trustmirror.verifier.admission.AdmissionDecider;
import dev.trustmirror.verifier.admission.AdmissionWebhook;
import dev.trustmirror.verifier.admission.CheckExecutors;
import dev.trustmirror.verifier.cache.VerdictCache;
import dev.trustmirror.verifier.cluster.ClusterReads;
import dev.trustmirror.verifier.cluster.PolicyWatch;
import dev.trustmirror.verifier.cluster.TrustRootSet;
import dev.trustmirror.verifier.cluster.WorkloadEvents;
import dev.trustmirror.verifier.discovery.DiscoveryLimits;
import dev.trustmirror.verifier.webhook.Readiness;
import dev.trustmirror.verifier.webhook.RegistryImageChecker;
import dev.trustmirror.verifier.webhook.TagReuse;
import dev.trustmirror.verifier.webhook.WebhookServer;
import dev.trustmirror.verifier.webhook.WebhookServerOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The admission webhook as a cluster runs it ({@code trust-mirror webhook}): the parts of {@code
 * verifier} wired together.
 *
 * <ul>
 *   <li>the HTTPS server ({@link WebhookServer}) answers at once: {@code /healthz} 200, {@code
 *       /readyz} 503 with the reasons until the cluster has been read;
 *   <li>then the default TrustRoot is verified ({@link TrustRootSet}), the ImageTrustPolicies are
 *       listed ({@link PolicyWatch}; every TrustRoot they name is watched from then on), and the
 *       namespaces are listed ({@link ClusterReads});
 *   <li>a TrustRoot that changes and verifies clears the verdict cache (whose keys name the trusted
 *       root anyway: an old verdict can never be served under a new root);
 *   <li>images are checked through the registry with the pull secrets of the pod and its service
 *       account ({@link RegistryImageChecker}); Warning Events are posted off the request path
 *       ({@link WorkloadEvents}).
 * </ul>
 */
public final class AdmissionService implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AdmissionService.class.getName());

  private final Vertx vertx;
  private final WebhookServer server;
  private final ScheduledExecutorService background;
  private final ExecutorService checks;
  private final TrustRootSet trustRoots;
  private final PolicyWatch policies;
  private final ClusterReads cluster;
  private final RegistryImageChecker checker;

  private AdmissionService(
      Vertx vertx,
      WebhookServer server,
      ScheduledExecutorService background,
      ExecutorService checks,
      TrustRootSet trustRoots,
      PolicyWatch policies,
      ClusterReads cluster,
      RegistryImageChecker checker) {
    this.vertx = vertx;
    this.server = server;
    this.background = background;
    this.checks = checks;
    this.trustRoots = trustRoots;
    this.policies = policies;
    this.cluster = cluster;
    this.checker = checker;
  }

  /**
   * Starts listening, then reads the cluster (blocking until the first reads are done, or failing).
   *
   * @throws IOException when the certificate pair does not load, the port is taken, or the API
   *     server cannot be read (the pod then restarts: nothing is admitted meanwhile, since the API
   *     server finds no ready endpoint and applies the configuration's failurePolicy)
   */
  public static AdmissionService start(AdmissionServiceConfig config)
      throws IOException, InterruptedException {
    Objects.requireNonNull(config, "config");
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    VerdictCache verdicts = VerdictCache.create(config.cache());
    ScheduledExecutorService background =
        Executors.newScheduledThreadPool(2, daemons("trust-mirror-cluster"));
    // Secrets and service accounts in use are re-read in the background, off the request path.
    ClusterReads cluster =
        ClusterReads.create(
            config.client(), config.clock(), config.clusterReadTtl(), 10_000, background);
    ExecutorService checks = CheckExecutors.bounded(config.checkThreads(), config.checkQueue());
    RegistryImageChecker checker =
        RegistryImageChecker.create(
            config.registry(),
            cluster,
            verdicts,
            DiscoveryLimits.DEFAULTS,
            config.clock(),
            RegistryImageChecker.DEFAULT_MAX_CLIENTS,
            RegistryImageChecker.DEFAULT_MAX_VERIFIERS,
            new TagReuse(config.tagTtl(), Ticker.systemTicker(), Optional.of(checks)));
    TrustRootSet trustRoots =
        TrustRootSet.create(
            config.client(),
            config.clock(),
            config.defaultTrustRoot(),
            config.anchor(),
            background,
            meters,
            name -> {
              checker.clearCache();
              LOG.info(() -> "TrustRoot " + name + " verified and in force; verdict cache cleared");
            },
            config.startLimit());
    PolicyWatch policies =
        PolicyWatch.create(
            config.client(),
            config.clock(),
            set -> trustRoots.update(PolicyWatch.trustRootRefs(set)));
    WorkloadEvents events = WorkloadEvents.create(config.client(), background, 256, meters);
    AdmissionDecider decider =
        AdmissionDecider.create(checker, trustRoots, cluster, checks, Ticker.systemTicker());
    AdmissionWebhook webhook =
        AdmissionWebhook.create(decider, policies, cluster, config.settings(), config.clock());
    WebhookServerOptions options =
        config
            .server()
            .settings(config.settings())
            .readiness(readiness(trustRoots, policies, cluster))
            .events(events)
            .meterRegistry(meters)
            .verdictCacheSize(checker::cacheSize)
            .build();
    Vertx vertx = newVertx();
    WebhookServer server;
    try {
      server =
          WebhookServer.start(vertx, options, webhook)
              .toCompletionStage()
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      closeQuietly(vertx);
      background.shutdownNow();
      checks.shutdownNow();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw cause instanceof IOException io
          ? io
          : new IOException(
              "Tried to start the webhook's HTTPS server but failed because " + cause, cause);
    }
    AdmissionService service =
        new AdmissionService(
            vertx, server, background, checks, trustRoots, policies, cluster, checker);
    try {
      trustRoots.start();
      policies.start(config.startLimit());
      trustRoots.update(policies.trustRootRefs());
      cluster.start(config.startLimit());
      // A watcher for a TrustRoot a policy names that could not start (API server down) is
      // started again by the next update naming it: once a minute, not only on policy changes.
      background.scheduleWithFixedDelay(
          () -> trustRoots.update(policies.trustRootRefs()), 1, 1, TimeUnit.MINUTES);
    } catch (IOException | InterruptedException | RuntimeException e) {
      service.close();
      throw e;
    }
    return service;
  }

  /** {@code https://HOST:PORT/}. */
  public URI url() {
    return server.url();
  }

  /** The port of the HTTPS listener. */
  public int port() {
    return server.port();
  }

  /** The port of the plain-HTTP metrics listener, when there is one. */
  public OptionalInt metricsPort() {
    return server.metricsPort();
  }

  /** Why {@code /readyz} is 503; empty when ready. */
  public List<String> notReady() {
    return readiness(trustRoots, policies, cluster).notReady();
  }

  /** Ready when every part is: the default TrustRoot verified, policies and namespaces listed. */
  private static Readiness readiness(Readiness... parts) {
    return () -> {
      List<String> reasons = new ArrayList<>();
      for (Readiness part : parts) {
        reasons.addAll(part.notReady());
      }
      return reasons;
    };
  }

  /**
   * Stops listening (after the reviews in flight, within the server's grace), then the informers.
   * The API client stays open: the caller closes it.
   */
  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.WARNING, "The webhook's server did not close cleanly", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    policies.close();
    trustRoots.close();
    cluster.close();
    checks.shutdownNow();
    background.shutdownNow();
    closeQuietly(vertx);
  }

  /**
   * Vert.x without Netty's DNS resolver (the JDK's is used, and only the registry's name is ever
   * resolved) and without class-path file caching (which would create a {@code .vertx} directory:
   * the root file system is read-only in the chart's pods).
   */
  private static Vertx newVertx() {
    if (System.getProperty("vertx.disableDnsResolver") == null) {
      System.setProperty("vertx.disableDnsResolver", "true");
    }
    return Vertx.vertx(
        new VertxOptions()
            .setFileSystemOptions(
                new FileSystemOptions()
                    .setClassPathResolvingEnabled(false)
                    .setFileCachingEnabled(false)));
  }

  private static void closeQuietly(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.FINE, "Vert.x did not close cleanly", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemons(String prefix) {
    AtomicInteger number = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** How long startup may wait for the first list of each informer (default config value). */
  static final Duration DEFAULT_START_LIMIT = Duration.ofSeconds(30);
}
