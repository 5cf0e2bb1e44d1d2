package dev.trustmirror.kube.trustroot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigstore.tuf.Fetcher;
import dev.sigstore.tuf.FileExceedsMaxLengthException;
import dev.sigstore.tuf.FileSystemTufStore;
import dev.sigstore.tuf.MetaFetcher;
import dev.sigstore.tuf.PassthroughCacheMetaStore;
import dev.sigstore.tuf.RootProvider;
import dev.sigstore.tuf.TrustedMetaStore;
import dev.sigstore.tuf.Updater;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.tuf.VerifiedRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client nobody here wrote reads the mirrorFS: sigstore-java's TUF {@link Updater}, with a
 * file-based {@link Fetcher} over the archive unpacked by commons-compress and {@code repository/}
 * stripped (as policy-controller does), gets {@code trusted_root.json} byte for byte.
 */
class SigstoreJavaReadsMirrorFsTest {
  @TempDir Path tmp;

  /** Serves files under {@code dir}; null (not found) for anything else, as HttpFetcher's 404. */
  record DirectoryFetcher(Path dir) implements Fetcher {
    @Override
    public String getSource() {
      return dir.toUri().toString();
    }

    @Override
    public byte[] fetchResource(String path, int maxLength)
        throws IOException, FileExceedsMaxLengthException {
      Path file = dir.resolve(path).normalize();
      if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
        return null;
      }
      if (Files.size(file) > maxLength) {
        throw new FileExceedsMaxLengthException(file.toString(), maxLength);
      }
      return Files.readAllBytes(file);
    }
  }

  /** Unpacks spec.repository.mirrorFS the way policy-controller does: repository/ stripped. */
  Path unpack(GeneratedTrustRoot generated) throws IOException {
    JsonNode repository = Resources.repository(Resources.tree(generated));
    Path mirror = Files.createDirectories(tmp.resolve("mirror"));
    for (Map.Entry<String, Resources.Entry> e :
        Resources.readWithCommonsCompress(Resources.decode(repository.get("mirrorFS")))
            .entrySet()) {
      assertThat(e.getKey()).startsWith("repository/");
      Path file = mirror.resolve(e.getKey().substring("repository/".length()));
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue().bytes());
    }
    Files.write(tmp.resolve("root.json"), Resources.decode(repository.get("root")));
    return mirror;
  }

  /** Its verifiers are the builder's default ({@code Verifiers::newVerifier}). */
  byte[] sigstoreJavaUpdate(Path mirror, Path root, Instant now) throws Exception {
    FileSystemTufStore store =
        FileSystemTufStore.newFileSystemStore(Files.createDirectories(tmp.resolve("client")));
    Updater updater =
        Updater.builder()
            .setClock(Clock.fixed(now, ZoneOffset.UTC))
            .setMetaFetcher(MetaFetcher.newFetcher(new DirectoryFetcher(mirror)))
            .setTargetFetcher(new DirectoryFetcher(mirror.resolve("targets")))
            .setTrustedRootPath(RootProvider.fromFile(root))
            .setTrustedMetaStore(
                TrustedMetaStore.newTrustedMetaStore(
                    PassthroughCacheMetaStore.newPassthroughMetaCache(store)))
            .setTargetStore(store)
            .build();
    updater.update();
    return store.readTarget("trusted_root.json");
  }

  @Test
  void readsAGeneratedRepositoryFromTheResourcesOwnRoot() throws Exception {
    RepoBuilder builder =
        RepoBuilder.create(TestRepositories.GENERATED_AT)
            .rotateRoot()
            .addOrChangeTarget("trusted_root.json", "{\"mediaType\":\"changed\"}\n".getBytes());
    VerifiedRepository repo = TestRepositories.generated(builder);
    GeneratedTrustRoot generated =
        TrustRootResources.generate(
            "generated", TrustRootForm.REPOSITORY, repo, TestRepositories.rootOf(builder));
    Path mirror = unpack(generated);
    byte[] trustedRoot =
        sigstoreJavaUpdate(
            mirror,
            tmp.resolve("root.json"),
            TestRepositories.GENERATED_AT.plus(Duration.ofHours(1)));
    assertThat(trustedRoot).isEqualTo(repo.findTarget("trusted_root.json").orElseThrow());
  }

  @Test
  void readsSigstoresRealRepositoryFromRoot5() throws Exception {
    // sigstore-java reads PEM keys only; roots 1-4 carry hex keys, so it starts from root 5.
    VerifiedRepository repo = TestRepositories.history08();
    GeneratedTrustRoot generated =
        TrustRootResources.generate(
            "sigstore", TrustRootForm.REPOSITORY, repo, TestRepositories.history08Root());
    Path mirror = unpack(generated);
    byte[] trustedRoot =
        sigstoreJavaUpdate(mirror, mirror.resolve("5.root.json"), TestRepositories.POINT.validAt());
    assertThat(trustedRoot).isEqualTo(repo.findTarget("trusted_root.json").orElseThrow());
  }
}
