package dev.trustmirror.bench;

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
    FileSystemTufStore tufStore = FileSystemTufStore.newFileSystemStore(store);
    Updater.builder()
        .setClock(clock)
        .setVerifiers(Verifiers::newVerifier)
        .setMetaFetcher(MetaFetcher.newFetcher(HttpFetcher.newFetcher(base)))
        .setTargetFetcher(HttpFetcher.newFetcher(base.resolve("targets/")))
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
}
