package dev.trustmirror.cli;

import dev.trustmirror.kube.publish.ApiServerConnection;
import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.mirror.AccessLogFormat;
import dev.trustmirror.mirror.MirrorServerOptions;
import dev.trustmirror.mirror.StandaloneMirrorServer;
import dev.trustmirror.tuf.TufRefusalException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trust-mirror serve}: serve the verified repository to Sigstore clients. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves a verified TUF repository over HTTP/1.1 and HTTP/2, byte for byte: the current"
          + " generation of DIR (the --out of 'sync'), switching to each new generation the sync"
          + " publishes; or the TrustRoot resource NAME (policy.sigstore.dev/v1alpha1), watched"
          + " and verified again at each change, so that any number of replicas serve it without"
          + " a shared volume.",
      "Also serves /healthz, /readyz, /metrics (Prometheus) and a status page at /.",
      "With --trustroot, a resource that does not exist or does not verify keeps the server"
          + " running but unready (/readyz 503) until one verifies; a refused change keeps the"
          + " last good repository serving.",
      "Runs until SIGTERM or Ctrl-C."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped",
      "1:the published repository does not verify, or --root is not a TUF root",
      "2:usage error",
      "3:nothing published in DIR, a file or the API server cannot be read, or the port is taken"
    })
final class ServeCommand implements Callable<Integer> {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  /** Exactly one of {@code --repo} and {@code --trustroot}. */
  static final class Source {
    @Option(names = "--repo", paramLabel = "DIR", description = "Output directory of 'sync'.")
    Path repo;

    @Option(
        names = "--trustroot",
        paramLabel = "NAME",
        description =
            "Serve the TrustRoot resource NAME of the cluster (see --kubeconfig, --root).")
    String trustRoot;
  }

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "With --trustroot: the cluster's kubeconfig (default: the pod's service account,"
              + " $KUBECONFIG or ~/.kube/config). Needs get, list and watch on trustroots.")
  Path kubeconfig;

  @Option(
      names = "--root",
      paramLabel = "FILE",
      description =
          "With --trustroot: the root (N.root.json) to verify the resource from. Recommended:"
              + " without it the root inside the resource is trusted, which proves the repository"
              + " is consistent but not whose it is.")
  Path root;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one and prints it).")
  int port;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "Certificate chain for HTTPS (with --tls-key); reloaded when it changes.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key for HTTPS.")
  Path tlsKey;

  @Option(
      names = "--admin-port",
      paramLabel = "PORT",
      description =
          "Serve /healthz, /readyz and /metrics on this port only (default: the main port).")
  Integer adminPort;

  @Option(
      names = "--ready-grace",
      defaultValue = "0s",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Turn /readyz unready this long before the first role (timestamp) expires"
              + " (default: ${DEFAULT-VALUE}: at expiry).")
  Duration readyGrace;

  @Option(
      names = "--access-log",
      defaultValue = "off",
      paramLabel = "FORMAT",
      description = "off (default), text or json: one line per request on standard output.")
  AccessLogFormat accessLog;

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      description = "The URL clients use, shown on the status page (default: from the request).")
  URI publicUrl;

  @Option(
      names = "--warn",
      paramLabel = "DURATION",
      defaultValue = "72h",
      converter = DurationConverter.class,
      description = "Status page amber within this of expiry (default: ${DEFAULT-VALUE}).")
  Duration warn;

  @Option(
      names = "--critical",
      paramLabel = "DURATION",
      defaultValue = "24h",
      converter = DurationConverter.class,
      description = "Status page red within this of expiry (default: ${DEFAULT-VALUE}).")
  Duration critical;

  @Mixin TimeOption time;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (source.repo != null && (kubeconfig != null || root != null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--kubeconfig and --root go with --trustroot, not --repo");
    }
    if (source.trustRoot != null) {
      checkName(source.trustRoot);
    }
    Optional<KubernetesClient> client = Optional.empty();
    try {
      MirrorServerOptions.Source served;
      if (source.repo != null) {
        served = MirrorServerOptions.Source.directory(source.repo);
      } else {
        TrustAnchor anchor =
            PinnedRoots.anchor(Optional.ofNullable(root), "TrustRoot " + source.trustRoot, err);
        client = Optional.of(ApiServerConnection.open(Optional.ofNullable(kubeconfig)));
        served = MirrorServerOptions.Source.trustRoot(client.get(), source.trustRoot, anchor);
      }
      MirrorServerOptions options;
      try {
        options = options(served, out, err);
      } catch (CommandLine.ParameterException e) {
        client.ifPresent(KubernetesClient::close);
        throw e;
      }
      return serve(options, client, out);
    } catch (TufRefusalException e) {
      err.println("REFUSED (" + e.reason() + "): " + e.getMessage() + " [" + where() + "]");
      err.println(
          source.repo != null
              ? "Nothing is served: run 'trust-mirror status --repo "
                  + source.repo
                  + "' for details."
              : "Nothing is served.");
      client.ifPresent(KubernetesClient::close);
      return ExitCodes.REFUSED;
    } catch (IOException | KubernetesClientException e) {
      err.println("UNAVAILABLE: Tried to serve " + what() + " but failed: " + e.getMessage());
      client.ifPresent(KubernetesClient::close);
      return ExitCodes.IO;
    }
  }

  private Integer serve(
      MirrorServerOptions options, Optional<KubernetesClient> client, PrintWriter out)
      throws IOException, TufRefusalException, InterruptedException {
    StandaloneMirrorServer server = StandaloneMirrorServer.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  client.ifPresent(KubernetesClient::close);
                  stopped.countDown();
                },
                "trust-mirror serve shutdown"));
    out.println(
        "Serving "
            + server.url()
            + " ("
            + (source.repo != null ? "generation " + server.generation() : server.sourceStatus())
            + ")");
    server.adminUrl().ifPresent(u -> out.println("Operations endpoints at " + u));
    URI clientUrl = publicUrl != null ? publicUrl : server.url();
    for (String line : server.clientSettings(clientUrl)) {
      out.println("  " + line);
    }
    stopped.await();
    return ExitCodes.OK;
  }

  private String where() {
    return source.repo != null ? "repository: " + source.repo : "TrustRoot " + source.trustRoot;
  }

  private String what() {
    return source.repo != null ? source.repo.toString() : "TrustRoot " + source.trustRoot;
  }

  private void checkName(String name) {
    try {
      TrustRootResources.requireName(name);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private MirrorServerOptions options(
      MirrorServerOptions.Source served, PrintWriter out, PrintWriter err) {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--tls-cert and --tls-key go together");
    }
    try {
      MirrorServerOptions.Builder b =
          MirrorServerOptions.builder(served)
              .host(host)
              .port(port)
              .readyGrace(readyGrace)
              .expiryThresholds(warn, critical)
              .accessLog(accessLog, out::println)
              .eventLog(err::println)
              .clock(time.clock());
      if (tlsCert != null) {
        b.tls(tlsCert, tlsKey);
      }
      if (adminPort != null) {
        b.adminPort(adminPort);
      }
      if (publicUrl != null) {
        if (publicUrl.getScheme() == null || publicUrl.getHost() == null) {
          throw new IllegalArgumentException("--public-url must be an absolute http(s) URL");
        }
        b.publicUrl(publicUrl);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
