package dev.trustmirror.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.tuf.PublishedDirectory;
import dev.trustmirror.tuf.PublishedRepository;
import dev.trustmirror.tuf.expiry.ExpiryReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trust-mirror status}: how long the published repository stays valid. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Re-verifies the published repository and prints each role's version, expiry and time left.",
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

  @Option(
      names = "--repo",
      required = true,
      paramLabel = "DIR",
      description = "Output directory of 'sync'.")
  Path repo;

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

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Instant now = time.clock().instant();
    PublishedRepository published;
    try {
      published = PublishedDirectory.verify(repo);
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
        ExpiryReport.evaluate(published.repository().roles(), now, warn, critical);
    if (output == OutputFormat.json) {
      out.println(json(published, report).toPrettyString());
    } else {
      printText(out, published, report);
    }
    return report.level().exitCode();
  }

  private static ObjectNode json(PublishedRepository published, ExpiryReport report) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("level", report.level().label());
    n.put("generation", published.generation().getFileName().toString());
    n.put("lastVerified", published.repository().verifiedAt().toString());
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
    return n;
  }

  private static void printText(
      PrintWriter out, PublishedRepository published, ExpiryReport report) {
    out.printf(
        "Repository %s (generation %s), verified at %s%n",
        published.generation().getParent().getParent(),
        published.generation().getFileName(),
        published.repository().verifiedAt());
    Table table = new Table("ROLE", "VERSION", "EXPIRES", "LEFT", "LEVEL");
    for (ExpiryReport.RoleExpiry r : report.roles()) {
      table.row(
          r.role(),
          String.valueOf(r.version()),
          r.expires().toString(),
          HumanDuration.format(r.secondsLeft()),
          r.level().label().toUpperCase(java.util.Locale.ROOT));
    }
    table.print(out);
    out.println("Overall: " + report.level().name());
  }

  /** Output formats of commands that support {@code -o}. */
  enum OutputFormat {
    text,
    json
  }
}
