package dev.trustmirror.bench;

import dev.sigstore.tuf.Fetcher;
import dev.sigstore.tuf.FileExceedsMaxLengthException;
import dev.sigstore.tuf.FileSystemTufStore;
import dev.sigstore.tuf.HttpFetcher;
import dev.sigstore.tuf.MetaFetcher;
import dev.sigstore.tuf.PassthroughCacheMetaStore;
import dev.sigstore.tuf.RootProvider;
import dev.sigstore.tuf.TrustedMetaStore;
import dev.sigstore.tuf.Updater;
import dev.sigstore.tuf.encryption.Verifiers;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The peer: sigstore-java 2.0.0's bare TUF {@link Updater}, wired as {@code SigstoreTufClient}
 * wires it (HTTP fetchers, a file-system store behind a pass-through cache), doing a first update
 * into a fresh store: root chain, timestamp, snapshot, top-level targets and every top-level target
 * file. It verifies but mirrors less: no delegations, no older roots kept, no generations, no
 * fsync.
 *
 * <p>sigstore-java reads only PEM keys; Sigstore's roots 1 to 4 carry hex keys, so the peer cannot
 * start from 1.root.json. {@link #LOWEST_READABLE_ROOT} is the oldest root it accepts.
 */
public final class SigstoreJavaPeer {
  /** The oldest root of history point 08 that sigstore-java 2.0.0 can start from. */
  public static final int LOWEST_READABLE_ROOT = 5;

  private SigstoreJavaPeer() {}

  /**
   * Runs one first update from {@code repoUrl} into {@code store} (an empty directory), trusting
   * {@code trustedRoot} initially.
   */
  public static void firstUpdate(String repoUrl, Path trustedRoot, Path store, Clock clock)
      throws Exception {
    URI base = URI.create(repoUrl);
    update(
        HttpFetcher.newFetcher(base),
        HttpFetcher.newFetcher(base.resolve("targets/")),
        trustedRoot,
        store,
        clock);
  }

  /** The same first update, reading the published layout from a directory instead of HTTP. */
  public static void firstUpdateFromDirectory(
      Path repoDir, Path trustedRoot, Path store, Clock clock) throws Exception {
    update(
        new DirectoryFetcher(repoDir),
        new DirectoryFetcher(repoDir.resolve("targets")),
        trustedRoot,
        store,
        clock);
  }

  private static void update(
      Fetcher metaFetcher, Fetcher targetFetcher, Path trustedRoot, Path store, Clock clock)
      throws Exception {
    FileSystemTufStore tufStore = FileSystemTufStore.newFileSystemStore(store);
    Updater.builder()
        .setClock(clock)
        .setVerifiers(Verifiers::newVerifier)
        .setMetaFetcher(MetaFetcher.newFetcher(metaFetcher))
        .setTargetFetcher(targetFetcher)
        .setTrustedRootPath(RootProvider.fromFile(trustedRoot))
        .setTrustedMetaStore(
            TrustedMetaStore.newTrustedMetaStore(
                PassthroughCacheMetaStore.newPassthroughMetaCache(tufStore)))
        .setTargetStore(tufStore)
        .build()
        .update();
  }

  /** Writes {@code rootJson} to {@code dir/initial-root.json} for {@link RootProvider#fromFile}. */
  public static Path writeRoot(byte[] rootJson, Path dir) throws IOException {
    return Files.write(Files.createDirectories(dir).resolve("initial-root.json"), rootJson);
  }

  /** Files of a directory; a missing file is {@code null}, as sigstore-java expects. */
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
