package dev.trustmirror.cli;

import dev.trustmirror.sync.SyncAgent;
import dev.trustmirror.sync.SyncOutcome;
import dev.trustmirror.sync.metrics.MetricsEndpoint;
import dev.trustmirror.sync.metrics.SyncMetrics;
import dev.trustmirror.sync.publish.GenerationPublisher;
import dev.trustmirror.sync.source.BundleSource;
import dev.trustmirror.sync.source.RepositorySources;
import dev.trustmirror.sync.source.SourceOptions;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.RoleInfo;
import dev.trustmirror.tuf.TufRefusalException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trust-mirror sync}: verify a source and publish it atomically. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies a TUF repository from a pinned root and publishes it as a new generation of DIR.",
      "A refused update leaves DIR/current untouched and exits 1."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:published or unchanged",
      "1:refused by TUF verification, or by the --trustroot resource (not managed, too large)",
      "2:usage error",
      "3:source unavailable or I/O error (the Kubernetes API server's included)"
    })
final class SyncCommand implements Callable<Integer> {
  @Option(
      names = "--source",
      required = true,
      paramLabel = "URL",
      description =
          "https://… or http://… (published layout), git+https://…, git+http://…, git://…,"
              + " git+file://… (tuf-on-ci git layout), a directory / file://…, or bundle:FILE"
              + " (offline bundle)")
  String source;

  @Option(
      names = "--root",
      paramLabel = "FILE",
      description =
          "Initial trusted root (N.root.json); needed only when DIR/state/ does not exist.")
  Path root;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @ArgGroup(exclusive = true)
  Schedule schedule = new Schedule();

  @Option(
      names = "--keep",
      defaultValue = "3",
      paramLabel = "N",
      description = "Generations kept (default: ${DEFAULT-VALUE}).")
  int keep;

  @Option(
      names = "--proxy",
      paramLabel = "URL",
      description = "HTTP proxy for http(s) sources, e.g. http://bastion:3128.")
  URI proxy;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description = "Extra CA certificates for https sources.")
  Path caFile;

  @Option(
      names = "--verify-key",
      paramLabel = "PEM",
      description =
          "For a bundle:FILE source: the admin's P-256 public key; the bundle must be signed by it.")
  Path verifyKey;

  @Option(
      names = "--git-ref",
      defaultValue = "main",
      paramLabel = "REF",
      description = "Git branch, tag or commit (default: ${DEFAULT-VALUE}).")
  String gitRef;

  @Option(
      names = "--git-path",
      defaultValue = "",
      paramLabel = "PATH",
      description = "Repository directory inside the git repository (default: its root).")
  String gitPath;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description = "Git clone cache (default: DIR/cache).")
  Path cache;

  @Option(
      names = "--max-target-size",
      defaultValue = "33554432",
      paramLabel = "BYTES",
      description = "Largest target file accepted (default: ${DEFAULT-VALUE}).")
  long maxTargetSize;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "With --interval: serve Prometheus /metrics and /healthz on this port"
              + " (0 picks a free one and prints it).")
  Integer metricsPort;

  @Option(
      names = "--metrics-host",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description = "Address of --metrics-port (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
  String metricsHost;

  @Mixin TimeOption time;

  /** {@code --trustroot NAME} and its options: publish into Kubernetes after each sync. */
  @Mixin TrustRootPublishing trustRoot;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Records every attempt of an {@code --interval} agent started with {@code --metrics-port}. */
  private Optional<SyncMetrics> metrics = Optional.empty();

  /** {@code --once} (default) or {@code --interval}. */
  static final class Schedule {
    @Option(names = "--once", description = "Sync once and exit (default).")
    boolean once;

    @Option(
        names = "--interval",
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "Sync repeatedly, e.g. 1h; failures are reported and retried next time.")
    Duration interval;
  }

  @Override
  public Integer call() throws Exception {
    if (keep < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--keep must be at least 1");
    }
    Optional<byte[]> pinned = Optional.empty();
    if (root != null) {
      pinned = Optional.of(Files.readAllBytes(root));
    }
    trustRoot.validate(spec.commandLine(), schedule.interval == null);
    if (schedule.interval == null) {
      if (metricsPort != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--metrics-port needs --interval: a single sync exits before it could be scraped"
                + " (monitor cron runs with 'trust-mirror status')");
      }
      return syncOnceWithTrustRoot(pinned);
    }
    if (schedule.interval.isZero()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--interval must be positive");
    }
    if (metricsPort != null) {
      try {
        metrics = Optional.of(startMetrics(metricsPort));
      } catch (IOException e) {
        spec.commandLine().getErr().println("FAILED: " + e.getMessage());
        return ExitCodes.IO;
      }
    }
    if (!openTrustRootUntilExit()) {
      return ExitCodes.IO;
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    Optional<byte[]> pin = pinned;
    timer.scheduleWithFixedDelay(
        () -> syncOnce(pin), 0, schedule.interval.toMillis(), TimeUnit.MILLISECONDS);
    timer.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    return ExitCodes.OK;
  }

  /** Serves {@code /metrics}, showing the roles of the trust state already in DIR at once. */
  private SyncMetrics startMetrics(int port) throws IOException {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--metrics-port must be between 0 and 65535, was " + port);
    }
    SyncMetrics m = new SyncMetrics(time.clock());
    m.restore(new GenerationPublisher(out, keep).stateStore());
    // Serves until the process ends, like the sync loop.
    MetricsEndpoint endpoint = MetricsEndpoint.start(metricsHost, port, m::scrape);
    spec.commandLine().getOut().println("Metrics at " + endpoint.url());
    return m;
  }

  int syncOnce(Optional<byte[]> pinned) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Clock clock = time.clock();
    try {
      SyncMetrics.Attempt attempt = () -> attempt(pinned, clock);
      SyncOutcome outcome = metrics.isPresent() ? metrics.get().record(attempt) : attempt.run();
      report(out, outcome, clock);
      return trustRoot.afterSync(this.out, out, err);
    } catch (TufRefusalException | IOException | RuntimeException e) {
      int code =
          FailureReport.print(
              err, e, "[source: " + source + "]", "The published repository was not changed.");
      trustRoot.afterFailure(e, err);
      return code;
    }
  }

  /** {@code --once}: connects for {@code --trustroot} (when given), syncs, disconnects. */
  private int syncOnceWithTrustRoot(Optional<byte[]> pinned) {
    try {
      trustRoot.open(time.clock(), spec.commandLine().getOut());
    } catch (IOException e) {
      spec.commandLine().getErr().println("FAILED: " + e.getMessage());
      return ExitCodes.IO;
    }
    try {
      return syncOnce(pinned);
    } finally {
      trustRoot.close();
    }
  }

  /**
   * {@code --interval}: connects for {@code --trustroot} (when given) and joins the leader
   * election; on exit (SIGTERM) the lease is released so that another replica takes over at once.
   */
  private boolean openTrustRootUntilExit() {
    try {
      trustRoot.open(time.clock(), spec.commandLine().getOut());
    } catch (IOException e) {
      spec.commandLine().getErr().println("FAILED: " + e.getMessage());
      return false;
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(trustRoot::close, "trust-mirror TrustRoot shutdown"));
    return true;
  }

  private SyncOutcome attempt(Optional<byte[]> pinned, Clock clock)
      throws TufRefusalException, IOException {
    try (RepositorySource src = RepositorySources.open(source, sourceOptions())) {
      if (src instanceof BundleSource bundle) {
        bundle.load(); // a hostile bundle is a refusal (exit 1), not an unavailable source
      }
      SyncAgent agent =
          new SyncAgent(
              src,
              new GenerationPublisher(this.out, keep),
              clock,
              Limits.defaults().withMaxTargetBytes(maxTargetSize));
      return agent.syncOnce(pinned);
    }
  }

  private SourceOptions sourceOptions() {
    SourceOptions.Builder b =
        SourceOptions.builder()
            .gitRef(gitRef)
            .gitPath(gitPath)
            .gitCacheDir(cache != null ? cache : out.resolve("cache"));
    if (proxy != null) {
      b.proxy(proxy);
    }
    if (caFile != null) {
      b.caFile(caFile);
    }
    if (verifyKey != null) {
      b.verifyKey(verifyKey);
    }
    return b.build();
  }

  private static void report(PrintWriter out, SyncOutcome outcome, Clock clock) {
    out.println(
        (outcome.published() ? "Published " : "Unchanged ")
            + outcome.generation()
            + (outcome.files() >= 0 ? " (" + outcome.files() + " files)" : ""));
    for (RoleInfo r : outcome.roles()) {
      long left = Duration.between(clock.instant(), r.expires()).getSeconds();
      out.printf(
          "  %-20s v%-6d expires %s (%s)%n",
          r.role(), r.version(), r.expires(), HumanDuration.format(left));
    }
  }
}
