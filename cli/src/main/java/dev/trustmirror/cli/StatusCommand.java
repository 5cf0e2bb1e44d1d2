package dev.trustmirror.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.kube.publish.ApiServerConnection;
import dev.trustmirror.kube.publish.TrustRootApi;
import dev.trustmirror.kube.publish.TrustRootCondition;
import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.kube.trustroot.TrustRootReader;
import dev.trustmirror.kube.trustroot.VerifiedTrustRoot;
import dev.trustmirror.tuf.PublishedDirectory;
import dev.trustmirror.tuf.PublishedRepository;
import dev.trustmirror.tuf.VerifiedRepository;
import dev.trustmirror.tuf.expiry.ExpiryReport;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trust-mirror status}: how long the published repository stays valid. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Re-verifies the published repository and prints each role's version, expiry and time left.",
      "Reads a directory made by 'sync' (--repo), or a TrustRoot from the cluster (--trustroot)"
          + " or from a file (--trustroot-file), verified with the TUF client.",
      "Exit codes follow the monitoring-plugin convention."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:OK",
      "1:WARNING: a role expires within --warn",
      "2:CRITICAL: a role expires within --critical or has expired",
      "3:UNKNOWN: no repository, unreadable, or it does not verify"
    })
final class StatusCommand implements Callable<Integer> {
  static final int UNKNOWN = 3;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  /** Exactly one of {@code --repo}, {@code --trustroot} and {@code --trustroot-file}. */
  static final class Target {
    @Option(names = "--repo", paramLabel = "DIR", description = "Output directory of 'sync'.")
    Path repo;

    @Option(
        names = "--trustroot",
        paramLabel = "NAME",
        description = "The TrustRoot resource NAME of the cluster (see --kubeconfig, --root).")
    String trustRoot;

    @Option(
        names = "--trustroot-file",
        paramLabel = "FILE",
        description = "A TrustRoot resource in a YAML or JSON file (see --root).")
    Path trustRootFile;
  }

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "With --trustroot: the cluster's kubeconfig (default: the pod's service account,"
              + " $KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--root",
      paramLabel = "FILE",
      description =
          "With --trustroot or --trustroot-file: verify from this pinned root (N.root.json)."
              + " Without it the resource's own spec.repository.root is the anchor, which proves"
              + " the repository consistent, not whose it is.")
  Path root;

  @Option(
      names = "--warn",
      paramLabel = "DURATION",
      defaultValue = "72h",
      converter = DurationConverter.class,
      description = "Warn when a role expires within this (default: ${DEFAULT-VALUE}).")
  Duration warn;

  @Option(
      names = "--critical",
      paramLabel = "DURATION",
      defaultValue = "24h",
      converter = DurationConverter.class,
      description = "Critical when a role expires within this (default: ${DEFAULT-VALUE}).")
  Duration critical;

  @Option(
      names = "-o",
      paramLabel = "FORMAT",
      description = "Output format: text (default) or json.")
  OutputFormat output = OutputFormat.text;

  @Mixin TimeOption time;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * What was checked: the verified repository and how to present where it came from.
   *
   * @param headline the first line of text output
   * @param repository the verified repository
   * @param json the JSON fields that say where it came from
   * @param conditions the resource's status conditions (none for a directory)
   */
  private record Checked(
      String headline,
      VerifiedRepository repository,
      ObjectNode json,
      List<TrustRootCondition> conditions) {}

  @Override
  public Integer call() {
    if (target.repo != null && (root != null || kubeconfig != null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--root and --kubeconfig are for --trustroot and --trustroot-file");
    }
    if (target.trustRootFile != null && kubeconfig != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--kubeconfig is for --trustroot: a file needs no cluster");
    }
    PrintWriter out = spec.commandLine().getOut();
    Clock clock = time.clock();
    Checked checked;
    try {
      checked = target.repo != null ? directory() : trustRoot(clock);
    } catch (Exception e) {
      if (output == OutputFormat.json) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("level", "unknown").put("error", String.valueOf(e.getMessage()));
        out.println(n.toPrettyString());
      } else {
        out.println("UNKNOWN: " + e.getMessage());
      }
      return UNKNOWN;
    }
    ExpiryReport report =
        ExpiryReport.evaluate(checked.repository().roles(), clock.instant(), warn, critical);
    if (output == OutputFormat.json) {
      out.println(json(checked, report).toPrettyString());
    } else {
      printText(out, checked, report);
    }
    return report.level().exitCode();
  }

  private Checked directory() throws Exception {
    PublishedRepository published = PublishedDirectory.verify(target.repo);
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("generation", published.generation().getFileName().toString());
    return new Checked(
        String.format(
            "Repository %s (generation %s), verified at %s",
            published.generation().getParent().getParent(),
            published.generation().getFileName(),
            published.repository().verifiedAt()),
        published.repository(),
        json,
        List.of());
  }

  /** A TrustRoot from the API or a file, verified with the TUF client. */
  private Checked trustRoot(Clock clock) throws Exception {
    TrustAnchor anchor =
        root == null
            ? TrustAnchor.resourceRoot()
            : TrustAnchor.pinnedRoot(Files.readAllBytes(root));
    TrustRootReader reader = TrustRootReader.create(clock);
    ObjectNode json = new ObjectMapper().createObjectNode();
    ObjectNode about = json.putObject("trustRoot");
    VerifiedTrustRoot verified;
    List<TrustRootCondition> conditions;
    String from;
    if (target.trustRoot != null) {
      GenericKubernetesResource resource;
      try (KubernetesClient client = ApiServerConnection.open(Optional.ofNullable(kubeconfig))) {
        TrustRootApi api = new TrustRootApi(client);
        from = api.server();
        resource =
            api.find(target.trustRoot)
                .orElseThrow(
                    () ->
                        new IOException(
                            "There is no TrustRoot " + target.trustRoot + " on " + from));
      }
      about.put("server", from);
      verified = reader.read(resource, anchor);
      conditions = TrustRootCondition.readAll(resource);
    } else {
      byte[] document;
      try (InputStream in = Files.newInputStream(target.trustRootFile)) {
        // One byte over the limit is enough for the reader to refuse a larger file.
        document = in.readNBytes((int) TrustRootReader.DEFAULT_MAX_DOCUMENT_BYTES + 1);
      }
      verified = reader.read(document, target.trustRootFile.toString(), anchor);
      conditions = TrustRootCondition.readAll(document, TrustRootReader.DEFAULT_MAX_DOCUMENT_BYTES);
      from = target.trustRootFile.toString();
      about.put("file", from);
    }
    String anchorName = root == null ? "resource-root" : "pinned-root";
    about.put("name", verified.name());
    verified.resourceVersion().ifPresent(v -> about.put("resourceVersion", v));
    about.put("anchor", anchorName);
    about.put("contentHash", verified.repository().contentHash());
    String headline =
        "TrustRoot "
            + verified.name()
            + " ("
            + from
            + verified.resourceVersion().map(v -> ", resourceVersion " + v).orElse("")
            + "), verified "
            + (root == null
                ? "from its own spec.repository.root (give --root to check whose repository it is)"
                : "from the pinned root " + root)
            + ", as of "
            + verified.repository().verifiedAt();
    return new Checked(headline, verified.repository(), json, conditions);
  }

  private static ObjectNode json(Checked checked, ExpiryReport report) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("level", report.level().label());
    n.setAll(checked.json());
    n.put("lastVerified", checked.repository().verifiedAt().toString());
    ArrayNode roles = n.putArray("roles");
    for (ExpiryReport.RoleExpiry r : report.roles()) {
      roles
          .addObject()
          .put("role", r.role())
          .put("version", r.version())
          .put("expires", r.expires().toString())
          .put("secondsLeft", r.secondsLeft())
          .put("level", r.level().label());
    }
    if (checked.json().has("trustRoot")) {
      ArrayNode conditions = n.putArray("conditions");
      for (TrustRootCondition c : checked.conditions()) {
        ObjectNode o =
            conditions
                .addObject()
                .put("type", c.type())
                .put("status", c.status().value())
                .put("reason", c.reason())
                .put("message", c.message());
        c.lastTransitionTime().ifPresent(t -> o.put("lastTransitionTime", t.toString()));
        c.observedGeneration().ifPresent(g -> o.put("observedGeneration", g));
      }
    }
    return n;
  }

  private static void printText(PrintWriter out, Checked checked, ExpiryReport report) {
    out.println(checked.headline());
    Table table = new Table("ROLE", "VERSION", "EXPIRES", "LEFT", "LEVEL");
    for (ExpiryReport.RoleExpiry r : report.roles()) {
      table.row(
          r.role(),
          String.valueOf(r.version()),
          r.expires().toString(),
          HumanDuration.format(r.secondsLeft()),
          r.level().label().toUpperCase(Locale.ROOT));
    }
    table.print(out);
    if (!checked.conditions().isEmpty()) {
      out.println("Conditions:");
      Table conditions = new Table("TYPE", "STATUS", "REASON", "SINCE", "MESSAGE");
      for (TrustRootCondition c : checked.conditions()) {
        conditions.row(
            c.type(),
            c.status().value(),
            c.reason(),
            c.lastTransitionTime().map(Instant::toString).orElse("-"),
            c.message());
      }
      conditions.print(out);
    }
    out.println("Overall: " + report.level().name());
  }

  /** Output formats of commands that support {@code -o}. */
  enum OutputFormat {
    text,
    json
  }
}
