package dev.trustmirror.cli;

import dev.trustmirror.bundles.BundleManifest;
import dev.trustmirror.bundles.OfflineBundle;
import dev.trustmirror.sync.source.RepositorySources;
import dev.trustmirror.sync.source.SourceOptions;
import dev.trustmirror.tuf.InMemorySource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.PublishedDirectory;
import dev.trustmirror.tuf.PublishedRepository;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.SourceUnavailableException;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TrustStateStore;
import dev.trustmirror.tuf.TufRefusalException;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.VerifiedRepository;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trust-mirror bundle export}: verify a source, write it as one offline bundle. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies a repository with the TUF client (as sync does) and writes it as one offline",
      "bundle: a deterministic .tar.gz with manifest.json, an optional signature and repository/.",
      "Nothing is written when verification fails."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:bundle written",
      "1:refused by TUF verification (nothing written)",
      "2:usage error",
      "3:source unavailable or I/O error"
    })
final class BundleExportCommand implements Callable<Integer> {
  @Option(
      names = "--source",
      required = true,
      paramLabel = "URL",
      description =
          "Any source sync accepts (https://…, git+https://…, a directory), or the output"
              + " directory of 'sync' (DIR with current and state/): its current generation.")
  String source;

  @Option(
      names = "--root",
      paramLabel = "FILE",
      description =
          "Pinned root (N.root.json) to verify from. Needed unless --source is a sync output"
              + " directory, whose pinned root is used by default.")
  Path root;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The bundle to write, e.g. sigstore-tuf.tar.gz; replaced atomically.")
  Path out;

  @Option(
      names = "--sign-key",
      paramLabel = "PEM",
      description =
          "Admin's ECDSA P-256 private key (BEGIN PRIVATE KEY or BEGIN EC PRIVATE KEY): writes"
              + " manifest.json.sig.")
  Path signKey;

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

  @Mixin TimeOption time;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A verified repository with where it came from and the root it was verified from. */
  private record Verified(VerifiedRepository repository, String source, byte[] pinnedRoot) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (Files.isDirectory(out)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--out names a directory (" + out + "); give a file name");
    }
    Optional<PrivateKey> key = BundleCommand.signKey(signKey, spec.commandLine());
    Optional<Path> published = publishedDirectory(source);
    if (published.isEmpty() && root == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--root is needed to verify " + source);
    }
    Clock clock = time.clock();
    BundleCommand.Progress progress = BundleCommand.Progress.on(spec.commandLine());
    try {
      progress.step("verifying " + source + " with the TUF client");
      Verified verified =
          published.isPresent() ? fromPublished(published.get(), clock) : fromSource(clock);
      progress.step("writing " + out);
      BundleManifest manifest = write(verified, key, clock);
      report(spec.commandLine().getOut(), manifest, key.isPresent(), clock);
      return ExitCodes.OK;
    } catch (TufRefusalException | IOException | RuntimeException e) {
      return FailureReport.print(err, e, "[source: " + source + "]", "No bundle was written.");
    }
  }

  /** The sync output directory {@code source} names, if it is one (has current and state/). */
  private static Optional<Path> publishedDirectory(String source) {
    if (source.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !source.startsWith("file:")) {
      return Optional.empty();
    }
    try {
      Path dir = source.startsWith("file:") ? Path.of(URI.create(source)) : Path.of(source);
      boolean isPublished =
          Files.isDirectory(dir.resolve("state"))
              && Files.exists(dir.resolve("current"), LinkOption.NOFOLLOW_LINKS);
      return isPublished ? Optional.of(dir) : Optional.empty();
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return Optional.empty();
    }
  }

  private Verified fromSource(Clock clock) throws IOException, TufRefusalException {
    SourceOptions.Builder options = SourceOptions.builder();
    if (proxy != null) {
      options.proxy(proxy);
    }
    if (caFile != null) {
      options.caFile(caFile);
    }
    byte[] pin = Files.readAllBytes(root);
    try (RepositorySource src = RepositorySources.open(source, options.build())) {
      return new Verified(
          verify(src, pin, clock), RepositorySources.withoutCredentials(source), pin);
    }
  }

  /**
   * The current generation of a sync output directory: read back and verified as of its sync
   * ({@link PublishedDirectory#verify}), then verified again now from the pin, so a bundle is never
   * written from a repository that has expired since.
   */
  private Verified fromPublished(Path dir, Clock clock) throws IOException, TufRefusalException {
    PublishedRepository published = PublishedDirectory.verify(dir);
    byte[] pin =
        root != null
            ? Files.readAllBytes(root)
            : new TrustStateStore(dir.resolve("state"))
                .load()
                .orElseThrow(() -> new IOException("No trust state in " + dir.resolve("state")))
                .pinnedRoot();
    Map<String, byte[]> files = new HashMap<>();
    for (String path : published.repository().paths()) {
      files.put(path, published.repository().bytes(path));
    }
    String name = dir.toAbsolutePath().normalize().toString();
    return new Verified(verify(InMemorySource.of(name, files), pin, clock), name, pin);
  }

  private static VerifiedRepository verify(RepositorySource src, byte[] pin, Clock clock)
      throws TufRefusalException, SourceUnavailableException {
    return new TufUpdater(src, clock, Limits.defaults())
        .update(TrustState.pin(pin))
        .repository()
        .orElseThrow();
  }

  /** Writes to a temporary file beside {@code out}, syncs it, then renames it into place. */
  private BundleManifest write(Verified v, Optional<PrivateKey> key, Clock clock)
      throws IOException {
    Path target = out.toAbsolutePath();
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      BundleManifest manifest;
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream os = Channels.newOutputStream(channel)) {
        manifest =
            OfflineBundle.write(
                v.repository(), v.source(), v.pinnedRoot(), clock.instant(), key, os);
        channel.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return manifest;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private void report(PrintWriter stdout, BundleManifest manifest, boolean signed, Clock clock)
      throws IOException {
    stdout.printf(
        "Exported %s (%d files, %d bytes; %d bytes compressed)%n",
        out, manifest.files().size(), manifest.totalBytes(), Files.size(out));
    stdout.printf("  source:    %s%n", manifest.source());
    stdout.printf("  created:   %s%n", manifest.created());
    stdout.printf("  signature: %s%n", signed ? "signed with " + signKey : "unsigned");
    stdout.println("  " + BundleCommand.validity(manifest.roles(), clock.instant()));
    BundleCommand.printRoles(stdout, manifest.roles(), clock.instant());
  }
}
