import dev.trustmirror.bundles.OfflineBundle;
import dev.trustmirror.bundles.archive.ArchiveLimits;
import dev.trustmirror.sync.SyncAgent;
import dev.trustmirror.sync.publish.GenerationPublisher;
import dev.trustmirror.sync.source.BundleSource;
import dev.trustmirror.tuf.InMemorySource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufUpdater;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The import's phases in a warm JVM, so that their cost per file shows without the JVM start:
 * read (safe archive reading, manifest check), verify (the TUF client over the bundle's files),
 * import (read + verify + publish a generation with fsync, as `bundle import` does). Median of
 * ROUNDS after WARMUP rounds, in ms. Run from the shaded jar:
 *
 * <pre>java -cp trust-mirror.jar WarmScaling.java TIME DIR...   (DIR holds b.tar.gz, 1.root.json)</pre>
 */
public final class WarmScaling {
  static final int WARMUP = 5;
  static final int ROUNDS = 9;

  interface Phase {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Clock clock = Clock.fixed(Instant.parse(args[0]), ZoneOffset.UTC);
    System.out.printf("%-6s %8s %8s %8s %10s%n", "files", "read", "verify", "import", "import/file");
    for (int i = 1; i < args.length; i++) {
      Path dir = Path.of(args[i]);
      Path bundle = dir.resolve("b.tar.gz");
      byte[] pin = Files.readAllBytes(dir.resolve("1.root.json"));
      OfflineBundle b = read(bundle);
      double read = median(() -> read(bundle));
      double verify =
          median(
              () ->
                  new TufUpdater(InMemorySource.of("b", b.repositoryFiles()), clock, Limits.defaults())
                      .update(TrustState.pin(pin)));
      double imp =
          median(
              () -> {
                Path out = Files.createTempDirectory(dir, "out");
                try (BundleSource s =
                    BundleSource.open(bundle, Optional.empty(), ArchiveLimits.defaults())) {
                  new SyncAgent(s, new GenerationPublisher(out, 3), clock, Limits.defaults())
                      .syncOnce(Optional.of(pin));
                }
              });
      int files = b.repositoryFiles().size();
      System.out.printf(
          "%-6d %8.1f %8.1f %8.1f %10.2f%n", files, read, verify, imp, imp / files);
    }
  }

  static OfflineBundle read(Path bundle) throws Exception {
    try (InputStream in = Files.newInputStream(bundle)) {
      return OfflineBundle.read(in, bundle.toString(), Optional.empty(), ArchiveLimits.defaults());
    }
  }

  static double median(Phase phase) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      phase.run();
    }
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      phase.run();
      ms.add((System.nanoTime() - start) / 1e6);
    }
    Collections.sort(ms);
    return ms.get(ROUNDS / 2);
  }
}
