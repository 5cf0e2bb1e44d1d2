package dev.trustmirror.cli;

import dev.trustmirror.kube.trustroot.GeneratedTrustRoot;
import dev.trustmirror.kube.trustroot.SigstoreKeysNote;
import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.kube.trustroot.TrustRootForm;
import dev.trustmirror.kube.trustroot.TrustRootReader;
import dev.trustmirror.kube.trustroot.TrustRootResources;
import dev.trustmirror.kube.trustroot.TrustRootTooLargeException;
import dev.trustmirror.kube.trustroot.VerifiedTrustRoot;
import dev.trustmirror.tuf.PublishedDirectory;
import dev.trustmirror.tuf.TrustStateStore;
import dev.trustmirror.tuf.TufRefusalException;
import dev.trustmirror.tuf.VerifiedRepository;
import dev.trustmirror.tuf.expiry.ExpiryLevel;
import dev.trustmirror.tuf.expiry.ExpiryReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trust-mirror trustroot}: policy-controller's {@code TrustRoot} resource from a published
 * directory, or a resource file read back and verified for humans.
 */
@Command(
    name = "trustroot",
    mixinStandardHelpOptions = true,
    description = {
      "Writes policy-controller's TrustRoot (policy.sigstore.dev/v1alpha1, cluster-scoped) for the",
      "repository published in --repo, re-verified first: the whole repository as spec.repository",
      "(mirrorFS), or only the keys of trusted_root.json with --form sigstoreKeys. Refuses a",
      "resource over 1 MiB of JSON. With --read FILE, verifies a TrustRoot file with the TUF",
      "client instead and prints what it holds."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:refused: does not verify, has expired, or the resource would be too large",
      "2:usage error",
      "3:I/O error (no such directory or file)"
    })
final class TrustRootCommand implements Callable<Integer> {
  @Option(
      names = "--repo",
      paramLabel = "DIR",
      description = "Output directory of 'sync': its current generation becomes the resource.")
  Path repo;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "metadata.name of the TrustRoot, e.g. sigstore (lower case, digits, '-', '.').")
  String name;

  @Option(
      names = "-o",
      paramLabel = "FORMAT",
      description = "Output format of the resource: yaml (default) or json.")
  Format output;

  @Option(
      names = "--form",
      paramLabel = "FORM",
      description =
          "repository (default): pinned root and the whole repository, verified again by"
              + " policy-controller's TUF client. sigstoreKeys: only the keys of"
              + " trusted_root.json; smaller, but validity windows are lost (warnings say which).")
  Form form;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the resource to FILE (replaced atomically) instead of stdout.")
  Path out;

  @Option(
      names = "--read",
      paramLabel = "FILE",
      description =
          "Read a TrustRoot file (YAML or JSON) back: verify it with the TUF client and print its"
              + " roles, versions and expiries.")
  Path read;

  @Option(
      names = "--root",
      paramLabel = "FILE",
      description =
          "With --read: verify from this pinned root (N.root.json), not from the resource's own"
              + " spec.repository.root.")
  Path root;

  @Mixin TimeOption time;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Output formats of the resource. */
  enum Format {
    yaml,
    json
  }

  /** {@code --form} values, spelled as the spec fields. */
  enum Form {
    repository(TrustRootForm.REPOSITORY),
    sigstoreKeys(TrustRootForm.SIGSTORE_KEYS);

    final TrustRootForm value;

    Form(TrustRootForm value) {
      this.value = value;
    }
  }

  @Override
  public Integer call() throws IOException {
    CommandLine cl = spec.commandLine();
    if (read != null) {
      if (repo != null || name != null || out != null || form != null || output != null) {
        throw new CommandLine.ParameterException(
            cl, "--read prints what a file holds: it takes no --repo, --name, --form, -o or --out");
      }
      return readBack();
    }
    if (root != null) {
      throw new CommandLine.ParameterException(cl, "--root is for --read");
    }
    if (repo == null || name == null) {
      throw new CommandLine.ParameterException(
          cl, "give --repo DIR and --name NAME (or --read FILE)");
    }
    try {
      TrustRootResources.requireName(name);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "--name: " + e.getMessage());
    }
    return generate();
  }

  private int generate() {
    PrintWriter err = spec.commandLine().getErr();
    Instant now = time.clock().instant();
    String unchanged = "No TrustRoot was written.";
    try {
      VerifiedRepository repository = PublishedDirectory.verify(repo).repository();
      byte[] pinnedRoot =
          new TrustStateStore(repo.resolve("state"))
              .load()
              .orElseThrow(() -> new IOException("No trust state in " + repo.resolve("state")))
              .pinnedRoot();
      ExpiryReport expiry =
          ExpiryReport.evaluate(
              repository.roles(), now, BundleCommand.WARN, BundleCommand.CRITICAL);
      if (expiry.level() == ExpiryLevel.EXPIRED) {
        err.println(
            "REFUSED (Expired): the repository in "
                + repo
                + " has expired ("
                + BundleCommand.validity(repository.roles(), now)
                + "); policy-controller would refuse it. Run 'sync' first.");
        err.println(unchanged);
        return ExitCodes.REFUSED;
      }
      TrustRootForm chosen = (form == null ? Form.repository : form).value;
      GeneratedTrustRoot generated =
          TrustRootResources.generate(name, chosen, repository, pinnedRoot);
      for (SigstoreKeysNote note : generated.notes()) {
        err.println("warning: " + note.detail());
      }
      byte[] bytes = output == Format.json ? generated.json() : generated.yaml();
      PrintWriter stdout = spec.commandLine().getOut();
      if (out == null) {
        stdout.print(new String(bytes, StandardCharsets.UTF_8));
        stdout.flush();
      } else {
        writeAtomically(out, bytes);
        stdout.printf(
            "Wrote TrustRoot %s (%s form, %d bytes of JSON, budget %d) to %s%n",
            name, chosen.specField(), generated.size(), TrustRootResources.SIZE_BUDGET_BYTES, out);
        stdout.println("  " + BundleCommand.validity(repository.roles(), now));
      }
      return ExitCodes.OK;
    } catch (TrustRootTooLargeException e) {
      err.println("REFUSED (TooLarge): " + e.getMessage());
      err.println(unchanged);
      return ExitCodes.REFUSED;
    } catch (TufRefusalException | IOException | RuntimeException e) {
      return FailureReport.print(err, e, "[repo: " + repo + "]", unchanged);
    }
  }

  private int readBack() {
    PrintWriter err = spec.commandLine().getErr();
    Clock clock = time.clock();
    Instant now = clock.instant();
    try {
      byte[] document;
      try (InputStream in = Files.newInputStream(read)) {
        // One byte over the limit is enough for the reader to refuse a larger file.
        document = in.readNBytes((int) TrustRootReader.DEFAULT_MAX_DOCUMENT_BYTES + 1);
      }
      TrustAnchor anchor =
          root == null
              ? TrustAnchor.resourceRoot()
              : TrustAnchor.pinnedRoot(Files.readAllBytes(root));
      VerifiedTrustRoot verified =
          TrustRootReader.create(clock).read(document, read.toString(), anchor);
      return printVerified(verified, now);
    } catch (TufRefusalException | IOException | RuntimeException e) {
      return FailureReport.print(err, e, "[file: " + read + "]", "Nothing was changed.");
    }
  }

  private int printVerified(VerifiedTrustRoot verified, Instant now) {
    PrintWriter stdout = spec.commandLine().getOut();
    VerifiedRepository r = verified.repository();
    stdout.println("TrustRoot " + verified.name() + " (" + read + ")");
    stdout.println(
        "  verified:     "
            + (root == null
                ? "from its own spec.repository.root (give --root to check whose repository it is)"
                : "from --root " + root));
    stdout.println("  as of:        " + r.verifiedAt());
    stdout.println("  root:         version " + r.rootVersion());
    stdout.println("  content hash: " + r.contentHash());
    stdout.printf("  files:        %d (%d bytes)%n", r.paths().size(), r.totalBytes());
    stdout.println("  " + BundleCommand.validity(r.roles(), now));
    BundleCommand.printRoles(stdout, r.roles(), now);
    boolean expired =
        ExpiryReport.evaluate(r.roles(), now, BundleCommand.WARN, BundleCommand.CRITICAL).level()
            == ExpiryLevel.EXPIRED;
    stdout.println(expired ? "Result: EXPIRED" : "Result: verified");
    return expired ? ExitCodes.REFUSED : ExitCodes.OK;
  }

  /** Writes through a temporary sibling, synced, then renamed into place. */
  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path tmp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(
          tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
