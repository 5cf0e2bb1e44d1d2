package dev.trustmirror.cli;

import dev.trustmirror.kube.publish.ApiServerConnection;
import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.tuf.TufRefusalException;
import dev.trustmirror.verifier.admission.WebhookSettings;
import dev.trustmirror.verifier.cache.VerdictCacheSettings;
import dev.trustmirror.verifier.registry.RegistryClientOptions;
import dev.trustmirror.verifier.service.AdmissionService;
import dev.trustmirror.verifier.service.AdmissionServiceConfig;
import dev.trustmirror.verifier.webhook.WebhookServerOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trust-mirror webhook}: the admission webhook. Checks the images of Pods and workload pod
 * templates against the cluster's ImageTrustPolicies, offline, with the trust roots of TrustRoot
 * resources verified through TUF; pins verified images to their digest on {@code /mutate}.
 */
@Command(
    name = "webhook",
    mixinStandardHelpOptions = true,
    description = {
      "Run the admission webhook: /validate and /mutate (AdmissionReview v1) over HTTPS,"
          + " /healthz, /readyz and /metrics.",
      "Policies are the cluster's ImageTrustPolicy resources; trusted roots come from TrustRoot"
          + " resources (policy.sigstore.dev), each verified through the TUF client from --root"
          + " before use and replaced without a restart when it changes."
    },
    footer = {
      "",
      "Exit codes: 0 stopped by a signal, 2 usage error, 3 the certificate, the port or the API"
          + " server could not be used at start, 1 --root is not a usable TUF root."
    })
final class WebhookCommand implements Callable<Integer> {
  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = "0.0.0.0",
      description = "Address of the HTTPS listener (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8443",
      description = "HTTPS port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      required = true,
      description = "Serving certificate chain, leaf first; reloaded when the file changes.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      required = true,
      description = "Private key of the serving certificate; reloaded with it.")
  Path tlsKey;

  @Option(
      names = "--trustroot",
      paramLabel = "NAME",
      description =
          "The TrustRoot of policies without trustRootRef; the webhook is ready once it verified.")
  String trustRoot;

  @Option(
      names = "--root",
      paramLabel = "FILE",
      description =
          "Verify every TrustRoot from this pinned root (N.root.json). Without it, each"
              + " resource's own root is trusted as it is (a warning says so).")
  Path root;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The cluster's kubeconfig (default: the pod's service account, or ~/.kube).")
  Path kubeconfig;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "timeoutSeconds of the webhook configurations (1s to 30s, default: ${DEFAULT-VALUE}):"
              + " every review is answered within 80% of it.")
  Duration timeout;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description = "Also serve /metrics, /healthz and /readyz over plain HTTP on this port.")
  Integer metricsPort;

  @Option(
      names = "--metrics-host",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "Address of the metrics listener (default: ${DEFAULT-VALUE}).")
  String metricsHost;

  @Option(
      names = "--cache-size",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Verdicts kept (default: ${DEFAULT-VALUE}; 0 keeps none).")
  long cacheSize;

  @Option(
      names = "--cache-ttl",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "How long a verified verdict is reused (default: ${DEFAULT-VALUE}).")
  Duration cacheTtl;

  @Option(
      names = "--tag-ttl",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How long a tag's digest is reused before it is resolved again (default:"
              + " ${DEFAULT-VALUE}; 0s resolves every review). /mutate pins the digest judged.")
  Duration tagTtl;

  @Option(
      names = "--check-threads",
      paramLabel = "N",
      defaultValue = "" + AdmissionServiceConfig.DEFAULT_CHECK_THREADS,
      description =
          "Image checks (registry round trips) run at once (default: ${DEFAULT-VALUE}); more wait"
              + " in a queue of 256, and beyond it fail (closed under Block).")
  int checkThreads;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "64",
      description = "Reviews decided at once (default: ${DEFAULT-VALUE}); more are answered 503.")
  int workers;

  @Mixin RegistryAccess registryAccess;

  @Mixin TimeOption time;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    CommandLine cl = spec.commandLine();
    PrintWriter out = cl.getOut();
    PrintWriter err = cl.getErr();
    WebhookSettings settings = settings(cl);
    if (trustRoot != null) {
      try {
        TrustRootResources.requireName(trustRoot);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cl, e.getMessage());
      }
    }
    if (tagTtl.isNegative()) {
      throw new CommandLine.ParameterException(cl, "--tag-ttl must not be negative");
    }
    if (cacheSize < 0 || cacheTtl.isNegative() || cacheTtl.isZero()) {
      throw new CommandLine.ParameterException(
          cl, "--cache-size must be 0 or more and --cache-ttl positive");
    }
    if (workers < 1 || workers > 1024) {
      throw new CommandLine.ParameterException(cl, "--workers must be 1 to 1024");
    }
    if (checkThreads < 1 || checkThreads > 1024) {
      throw new CommandLine.ParameterException(cl, "--check-threads must be 1 to 1024");
    }
    if (port < 0
        || port > 65535
        || (metricsPort != null && (metricsPort < 0 || metricsPort > 65535))) {
      throw new CommandLine.ParameterException(cl, "a port is 0 to 65535");
    }
    TrustAnchor anchor;
    try {
      anchor = PinnedRoots.anchor(Optional.ofNullable(root), "each TrustRoot", err);
    } catch (TufRefusalException e) {
      err.println("FAILED: " + e.getMessage());
      return ExitCodes.REFUSED;
    } catch (IOException e) {
      err.println("FAILED: " + e.getMessage());
      return ExitCodes.IO;
    }
    KubernetesClient client;
    RegistryClientOptions registry;
    try {
      registry = registryAccess.options(cl, Optional.of(settings.budget()));
      client = ApiServerConnection.open(Optional.ofNullable(kubeconfig));
    } catch (IOException e) {
      err.println("FAILED: " + e.getMessage());
      return ExitCodes.IO;
    }
    WebhookServerOptions.Builder server =
        WebhookServerOptions.builder(tlsCert, tlsKey, TimeOption.wallClock())
            .host(host)
            .port(port)
            .workerThreads(workers);
    if (metricsPort != null) {
      server.metricsListener(metricsHost, metricsPort);
    }
    VerdictCacheSettings cache =
        new VerdictCacheSettings(
            cacheSize,
            cacheTtl,
            cacheTtl.compareTo(VerdictCacheSettings.DEFAULTS.failureTtl()) < 0
                ? cacheTtl
                : VerdictCacheSettings.DEFAULTS.failureTtl());
    AdmissionService service;
    try {
      service =
          AdmissionService.start(
              AdmissionServiceConfig.of(
                  client,
                  time.clock(),
                  Optional.ofNullable(trustRoot),
                  anchor,
                  server,
                  settings,
                  registry,
                  cache,
                  tagTtl,
                  checkThreads));
    } catch (IOException e) {
      client.close();
      err.println("FAILED: " + e.getMessage());
      return ExitCodes.IO;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  client.close();
                  stopped.countDown();
                },
                "trust-mirror webhook shutdown"));
    out.println(
        "Serving "
            + service.url()
            + " (webhook: /validate /mutate /healthz /readyz /metrics; "
            + (service.notReady().isEmpty() ? "ready" : "not ready: " + service.notReady())
            + ")");
    service
        .metricsPort()
        .ifPresent(p -> out.println("Metrics at http://" + metricsHost + ":" + p + "/metrics"));
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  private WebhookSettings settings(CommandLine cl) {
    try {
      return new WebhookSettings(
          timeout, WebhookSettings.DEFAULTS.maxBodyBytes(), WebhookSettings.DEFAULTS.maxImages());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "--timeout: " + e.getMessage());
    }
  }
}
