package dev.trustmirror.cli;

import dev.trustmirror.bundles.OfflineBundle;
import dev.trustmirror.bundles.archive.ArchiveLimits;
import dev.trustmirror.sync.SyncAgent;
import dev.trustmirror.sync.SyncOutcome;
import dev.trustmirror.sync.publish.GenerationPublisher;
import dev.trustmirror.sync.source.BundleSource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.TufRefusalException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trust-mirror bundle import}: a sync whose source is an offline bundle. The bundle is read
 * safely and checked against its manifest (and signature), then the repository goes through the
 * full TUF verification from DIR's trust state and the atomic generation publish.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Reads an offline bundle safely, checks its manifest (and its signature with --verify-key),",
      "verifies the repository with the TUF client from DIR/state (an older bundle than the one",
      "published is refused) and publishes it as a new generation of DIR.",
      "A refused bundle leaves DIR/current untouched and exits 1."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:imported, or DIR already serves this repository",
      "1:refused: the bundle or the repository failed a check",
      "2:usage error",
      "3:I/O error"
    })
final class BundleImportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The bundle (.tar.gz).")
  Path bundle;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(
      names = "--root",
      paramLabel = "FILE",
      description =
          "Initial trusted root (N.root.json); needed only when DIR/state/ does not exist. Never"
              + " taken from the bundle.")
  Path root;

  @Option(
      names = "--verify-key",
      paramLabel = "PEM",
      description = "Admin's P-256 public key: the bundle must carry a valid signature by it.")
  Path verifyKey;

  @Option(
      names = "--keep",
      defaultValue = "3",
      paramLabel = "N",
      description = "Generations kept (default: ${DEFAULT-VALUE}).")
  int keep;

  @Mixin TimeOption time;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (keep < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--keep must be at least 1");
    }
    Optional<PublicKey> key = BundleCommand.verifyKey(verifyKey, spec.commandLine());
    Optional<byte[]> pinned =
        root == null ? Optional.empty() : Optional.of(Files.readAllBytes(root));
    PrintWriter err = spec.commandLine().getErr();
    Clock clock = time.clock();
    BundleCommand.Progress progress = BundleCommand.Progress.on(spec.commandLine());
    progress.step("reading and checking " + bundle);
    try (BundleSource source = BundleSource.open(bundle, key, ArchiveLimits.defaults())) {
      OfflineBundle checked = source.load();
      progress.step("verifying with the TUF client and publishing into " + out);
      SyncOutcome outcome =
          new SyncAgent(source, new GenerationPublisher(out, keep), clock, Limits.defaults())
              .syncOnce(pinned);
      report(spec.commandLine().getOut(), checked, outcome, clock);
      return ExitCodes.OK;
    } catch (TufRefusalException | IOException | RuntimeException e) {
      return FailureReport.print(
          err, e, "[bundle: " + bundle + "]", "The published repository was not changed.");
    }
  }

  private void report(PrintWriter stdout, OfflineBundle b, SyncOutcome outcome, Clock clock) {
    stdout.printf(
        "%s %s from bundle %s%n",
        outcome.published() ? "Published" : "Unchanged", outcome.generation(), bundle);
    stdout.printf(
        "  exported %s from %s; signature %s%n",
        b.manifest().created(), b.manifest().source(), b.signature().label());
    stdout.println("  " + BundleCommand.validity(outcome.roles(), clock.instant()));
    BundleCommand.printRoles(stdout, outcome.roles(), clock.instant());
  }
}
