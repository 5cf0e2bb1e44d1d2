package dev.trustmirror.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * sigstore-java's own TUF client ({@link Updater} with its {@link HttpFetcher}), which nobody here
 * wrote, wired the way sigstore-java wires itself for a mirror: metadata from {@code base}, targets
 * from {@code base/targets/}, trust anchored in a root file, state in a {@link FileSystemTufStore}.
 * One instance is one client installation: {@link #update} can run again on the same store.
 *
 * @param base the mirror's URL ({@code http://127.0.0.1:PORT/})
 * @param pinnedRoot the root the client trusts first (sigstore-java reads PEM keys only, so for
 *     Sigstore's real history this is {@code 5.root.json}: roots 1-4 carry hex keys)
 * @param store the client's local state directory
 */
record SigstoreJavaClient(URI base, Path pinnedRoot, Path store) {

  /** What the client trusts after an update, and the target it read. */
  record Result(int rootVersion, int timestampVersion, byte[] trustedRoot) {}

  /** Refreshes with the clock fixed at {@code now} and reads {@code trusted_root.json}. */
  Result update(Instant now) throws Exception {
    FileSystemTufStore fs = FileSystemTufStore.newFileSystemStore(Files.createDirectories(store));
    TrustedMetaStore meta =
        TrustedMetaStore.newTrustedMetaStore(PassthroughCacheMetaStore.newPassthroughMetaCache(fs));
    Updater updater =
        Updater.builder()
            .setClock(Clock.fixed(now, ZoneOffset.UTC))
            .setVerifiers(Verifiers::newVerifier)
            .setMetaFetcher(MetaFetcher.newFetcher(HttpFetcher.newFetcher(base)))
            .setTargetFetcher(HttpFetcher.newFetcher(base.resolve("targets/")))
            .setTrustedRootPath(RootProvider.fromFile(pinnedRoot))
            .setTrustedMetaStore(meta)
            .setTargetStore(fs)
            .build();
    updater.update();
    // Versions read from what the client stored (its own files), not through sigstore-java's
    // Gson-annotated model types, which compile with warnings here.
    return new Result(
        storedVersion("root.json"),
        storedVersion("timestamp.json"),
        fs.readTarget("trusted_root.json"));
  }

  private int storedVersion(String file) throws IOException {
    JsonNode version =
        new ObjectMapper().readTree(store.resolve(file).toFile()).at("/signed/version");
    if (!version.isInt()) {
      throw new IOException("sigstore-java stored no signed.version in " + store.resolve(file));
    }
    return version.asInt();
  }
}
