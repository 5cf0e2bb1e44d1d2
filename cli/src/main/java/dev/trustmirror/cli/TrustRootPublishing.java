package dev.trustmirror.cli;

import dev.trustmirror.kube.publish.ApiServerConnection;
import dev.trustmirror.kube.publish.KubernetesApiException;
import dev.trustmirror.kube.publish.Leadership;
import dev.trustmirror.kube.publish.LeaseLeadership;
import dev.trustmirror.kube.publish.LeaseSettings;
import dev.trustmirror.kube.publish.PublishOutcome;
import dev.trustmirror.kube.publish.PublishSettings;
import dev.trustmirror.kube.publish.TrustRootPublisher;
import dev.trustmirror.kube.publish.UnmanagedTrustRootException;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.kube.trustroot.TrustRootTooLargeException;
import dev.trustmirror.sync.metrics.SyncFailureReason;
import dev.trustmirror.tuf.PublishedDirectory;
import dev.trustmirror.tuf.TrustStateStore;
import dev.trustmirror.tuf.TufRefusalException;
import dev.trustmirror.tuf.VerifiedRepository;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code --trustroot} options of {@code sync} and what they do after each sync: publish the
 * verified repository into policy-controller's TrustRoot through {@link TrustRootPublisher}, with
 * leader election when several replicas run. Wiring only; the decisions live in {@code
 * dev.trustmirror.kube.publish}.
 */
final class TrustRootPublishing {
  @Option(
      names = "--trustroot",
      paramLabel = "NAME",
      description =
          "After each sync, apply the verified repository to the cluster-scoped TrustRoot NAME"
              + " (policy.sigstore.dev/v1alpha1) with status conditions and Events.")
  String name;

  @Option(
      names = "--trustroot-adopt",
      description =
          "Take over a TrustRoot NAME that trust-mirror does not manage (without it, such a"
              + " resource is never overwritten).")
  boolean adopt;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "Kubeconfig of the API server (default: the pod's service account, $KUBECONFIG,"
              + " ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      defaultValue = "${env:POD_NAMESPACE:-default}",
      description =
          "Namespace the agent runs in, where its Lease lives (default: $POD_NAMESPACE, else"
              + " default). Events about the cluster-scoped TrustRoot always go to 'default'.")
  String namespace;

  @Option(
      names = "--leader-election",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "false",
      paramLabel = "BOOL",
      description =
          "With --interval and several replicas: only the holder of the Lease writes to the API;"
              + " the others keep syncing DIR (default: ${DEFAULT-VALUE}).")
  boolean leaderElection;

  @Option(
      names = "--lease-name",
      paramLabel = "NAME",
      defaultValue = LeaseSettings.DEFAULT_NAME,
      description = "Name of the Lease (default: ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(
      names = "--lease-duration",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description = "How long a lease holds without renewal (default: ${DEFAULT-VALUE}).")
  Duration leaseDuration;

  @Option(
      names = "--lease-renew-deadline",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "How long the leader tries to renew before it steps down (default: ${DEFAULT-VALUE}).")
  Duration renewDeadline;

  @Option(
      names = "--lease-retry-period",
      paramLabel = "DURATION",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "How often replicas try to acquire or renew (default: ${DEFAULT-VALUE}).")
  Duration retryPeriod;

  private static final List<String> NEEDS_TRUSTROOT =
      List.of(
          "--trustroot-adopt",
          "--kubeconfig",
          "--namespace",
          "--leader-election",
          "--lease-name",
          "--lease-duration",
          "--lease-renew-deadline",
          "--lease-retry-period");

  private KubernetesClient client;
  private String identity;
  private Leadership leadership = Leadership.alone();
  private TrustRootPublisher publisher;

  /**
   * Checks the options before anything runs.
   *
   * @param once whether this is a single sync ({@code --once})
   * @throws CommandLine.ParameterException on a usage error
   */
  void validate(CommandLine cl, boolean once) {
    if (name == null) {
      for (String option : NEEDS_TRUSTROOT) {
        if (cl.getParseResult().hasMatchedOption(option)) {
          throw new CommandLine.ParameterException(cl, option + " needs --trustroot NAME");
        }
      }
      return;
    }
    try {
      TrustRootResources.requireName(name);
      leaseSettings();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
    if (once && leaderElection) {
      throw new CommandLine.ParameterException(
          cl,
          "--leader-election needs --interval: a single sync has no replicas to coordinate (run"
              + " it as a CronJob with concurrencyPolicy: Forbid instead)");
    }
  }

  /**
   * Connects and, with {@code --leader-election}, joins the election; nothing without --trustroot.
   */
  void open(Clock clock, PrintWriter out) throws IOException {
    if (name == null) {
      return;
    }
    client = ApiServerConnection.open(Optional.ofNullable(kubeconfig));
    LeaseSettings lease = leaseSettings();
    if (leaderElection) {
      leadership = LeaseLeadership.start(client, lease);
      out.println(
          "Leader election on Lease "
              + lease.namespace()
              + "/"
              + lease.name()
              + " as "
              + lease.identity());
    }
    publisher =
        new TrustRootPublisher(
            client,
            PublishSettings.of(name).withAdopt(adopt).withReportingInstance(lease.identity()),
            leadership,
            clock);
  }

  /**
   * After a successful sync: applies the repository now current in {@code dir}.
   *
   * @return the exit code: 0, 1 when the resource may not or cannot take it, 3 when the API server
   *     failed; the local publish stands in every case
   */
  int afterSync(Path dir, PrintWriter out, PrintWriter err) {
    if (publisher == null) {
      return ExitCodes.OK;
    }
    String stands = "The local publish in " + dir + " stands.";
    try {
      VerifiedRepository repository = PublishedDirectory.verify(dir).repository();
      byte[] pinned =
          new TrustStateStore(dir.resolve("state"))
              .load()
              .orElseThrow(() -> new IOException("No trust state in " + dir.resolve("state")))
              .pinnedRoot();
      PublishOutcome outcome = publisher.publish(repository, pinned);
      out.println(describe(outcome));
      return ExitCodes.OK;
    } catch (UnmanagedTrustRootException e) {
      err.println("REFUSED (" + e.reason() + "): " + e.getMessage());
      err.println(stands);
      return ExitCodes.REFUSED;
    } catch (TrustRootTooLargeException e) {
      err.println("REFUSED (TrustRootTooLarge): " + e.getMessage());
      err.println(stands);
      return ExitCodes.REFUSED;
    } catch (TufRefusalException | IOException | RuntimeException e) {
      int code = FailureReport.print(err, e, "[TrustRoot: " + name + "]", stands);
      if (!(e instanceof TufRefusalException)) {
        err.println(stands); // FailureReport says it for refusals only
      }
      return code;
    }
  }

  /** After a failed sync: records it on the TrustRoot; a failure to do so is only reported. */
  void afterFailure(Exception failure, PrintWriter err) {
    if (publisher == null) {
      return;
    }
    try {
      publisher.recordFailure(SyncFailureReason.of(failure), String.valueOf(failure.getMessage()));
    } catch (KubernetesApiException | RuntimeException e) {
      err.println(
          "Could not record the failure on TrustRoot " + name + " either: " + e.getMessage());
    }
  }

  /** Leaves the election (releasing a held lease) and disconnects. */
  void close() {
    leadership.close();
    if (client != null) {
      client.close();
    }
  }

  private String describe(PublishOutcome o) {
    String where = "TrustRoot " + o.name() + " on " + publisher.server() + ": ";
    String generation =
        o.generation().isPresent() ? " (generation " + o.generation().getAsLong() + ")" : "";
    return switch (o.action()) {
      case NOT_LEADER ->
          where + "not written, this replica does not hold the Lease (another replica writes)";
      case CREATED, UPDATED, UNCHANGED ->
          where
              + o.action().name().toLowerCase(Locale.ROOT)
              + generation
              + (o.statusWritten() ? ", status updated" : "")
              + (o.events().isEmpty() ? "" : ", events: " + String.join(", ", o.events()));
      case FAILURE_RECORDED -> where + "failure recorded" + generation;
    };
  }

  private LeaseSettings leaseSettings() {
    return LeaseSettings.defaults(namespace, identity())
        .withName(leaseName)
        .withTimings(leaseDuration, renewDeadline, retryPeriod);
  }

  /** The pod's name (or host name) and a random suffix: unique per process. */
  private String identity() {
    if (identity == null) {
      String host = System.getenv("POD_NAME");
      if (host == null || host.isBlank()) {
        host = System.getenv("HOSTNAME");
      }
      if (host == null || host.isBlank()) {
        try {
          host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
          host = "trust-mirror";
        }
      }
      identity = host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
    return identity;
  }
}
