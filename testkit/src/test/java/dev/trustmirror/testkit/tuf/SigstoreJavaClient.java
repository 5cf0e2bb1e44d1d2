package dev.trustmirror.testkit.tuf;

import dev.sigstore.tuf.Fetcher;
import dev.sigstore.tuf.FileExceedsMaxLengthException;
import dev.sigstore.tuf.FileSystemTufStore;
import dev.sigstore.tuf.MetaFetcher;
import dev.sigstore.tuf.RootProvider;
import dev.sigstore.tuf.TrustedMetaStore;
import dev.sigstore.tuf.Updater;
import dev.sigstore.tuf.encryption.Verifiers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * sigstore-java 2.0.0's own TUF client ({@link Updater}), reading a published layout from a
 * directory, with a fixed clock and a persistent local store: the reference that generated
 * repositories must satisfy.
 */
final class SigstoreJavaClient {

  private final Path store;
  private final Path initialRoot;
  private final Clock clock;

  private SigstoreJavaClient(Path store, Path initialRoot, Clock clock) {
    this.store = store;
    this.initialRoot = initialRoot;
    this.clock = clock;
  }

  /**
   * A client trusting {@code initialRoot} (copied into {@code work}), whose clock is {@code now}.
   */
  static SigstoreJavaClient trusting(byte[] initialRoot, Path work, Instant now)
      throws IOException {
    Files.createDirectories(work);
    Path root = Files.write(work.resolve("initial-root.json"), initialRoot);
    Path store = Files.createDirectories(work.resolve("store"));
    return new SigstoreJavaClient(store, root, Clock.fixed(now, ZoneOffset.UTC));
  }

  /** Runs a full update (metadata and every top-level target) from the layout in {@code repo}. */
  void update(Path repo) throws Exception {
    FileSystemTufStore tufStore = FileSystemTufStore.newFileSystemStore(store);
    Updater.builder()
        .setClock(clock)
        .setVerifiers(Verifiers::newVerifier)
        .setMetaFetcher(MetaFetcher.newFetcher(new DirectoryFetcher(repo)))
        .setTargetFetcher(new DirectoryFetcher(repo.resolve("targets")))
        .setTrustedRootPath(RootProvider.fromFile(initialRoot))
        .setTrustedMetaStore(TrustedMetaStore.newTrustedMetaStore(tufStore))
        .setTargetStore(tufStore)
        .build()
        .update();
  }

  /** A target as the client stored it. */
  byte[] target(String name) throws IOException {
    return FileSystemTufStore.newFileSystemStore(store).readTarget(name);
  }

  /** Serves files of a directory; a missing file is {@code null}, as sigstore-java expects. */
  private record DirectoryFetcher(Path base) implements Fetcher {

    @Override
    public String getSource() {
      return base.toUri().toString();
    }

    @Override
    public byte[] fetchResource(String name, int maxLength) throws IOException {
      Path file = base.resolve(name);
      if (!Files.isRegularFile(file)) {
        return null;
      }
      if (Files.size(file) > maxLength) {
        throw new FileExceedsMaxLengthException(file.toString(), maxLength);
      }
      return Files.readAllBytes(file);
    }
  }
}
