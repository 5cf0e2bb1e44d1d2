package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmirror.bundles.OfflineBundle;
import dev.trustmirror.bundles.archive.ArchiveLimits;
import dev.trustmirror.bundles.archive.ArchiveRefusedException;
import dev.trustmirror.sync.SyncAgent;
import dev.trustmirror.sync.SyncOutcome;
import dev.trustmirror.sync.publish.GenerationPublisher;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import dev.trustmirror.tuf.InMemorySource;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.RollbackException;
import dev.trustmirror.tuf.SourceUnavailableException;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufUpdater;
import dev.trustmirror.tuf.VerifiedRepository;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle is imported by the ordinary sync: TUF verification, anti-rollback, atomic publish. */
class BundleSourceTest {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  @TempDir Path tmp;
  RepoBuilder repo;
  byte[] pin;

  @BeforeEach
  void createRepository() {
    repo = RepoBuilder.create(T0);
    pin = repo.metadata(RoleType.ROOT, 1);
  }

  private Path export(RepoBuilder from, String name) throws Exception {
    VerifiedRepository verified =
        new TufUpdater(
                InMemorySource.of("upstream", from.publishedFiles()), CLOCK, Limits.defaults())
            .update(TrustState.pin(pin))
            .repository()
            .orElseThrow();
    Path file = tmp.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      OfflineBundle.write(verified, "https://upstream", pin, T0, Optional.empty(), out);
    }
    return file;
  }

  private SyncOutcome importBundle(Path bundle, Path out) throws Exception {
    try (BundleSource source =
        BundleSource.open(bundle, Optional.empty(), ArchiveLimits.defaults())) {
      return new SyncAgent(source, new GenerationPublisher(out, 3), CLOCK, Limits.defaults())
          .syncOnce(Optional.of(pin));
    }
  }

  private static Map<String, byte[]> files(Path dir) throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  @Test
  void importPublishesTheBundledRepositoryByteForByte() throws Exception {
    Path out = tmp.resolve("out");
    SyncOutcome outcome = importBundle(export(repo, "b.tar.gz"), out);
    assertThat(outcome.published()).isTrue();
    Map<String, byte[]> published = files(out.resolve("current").toRealPath());
    Map<String, byte[]> expected = repo.publishedFiles();
    assertThat(published.keySet()).isEqualTo(expected.keySet());
    expected.forEach((p, b) -> assertThat(published.get(p)).as(p).isEqualTo(b));
  }

  @Test
  void anOlderBundleIsRefusedAsARollbackAndCurrentStays() throws Exception {
    Path older = export(repo, "older.tar.gz");
    Path newer = export(repo.copy().bumpTargets(), "newer.tar.gz");
    Path out = tmp.resolve("out");
    importBundle(newer, out);
    Path current = out.resolve("current").toRealPath();
    assertThatThrownBy(() -> importBundle(older, out)).isInstanceOf(RollbackException.class);
    assertThat(out.resolve("current").toRealPath()).isEqualTo(current);
  }

  @Test
  void aRefusedBundleIsTypedFromLoadAndWrappedFromPrepare() throws Exception {
    Path bad = Files.write(tmp.resolve("bad.tar.gz"), new byte[] {0x1f, (byte) 0x8b, 8});
    assertThatThrownBy(() -> BundleSource.open(bad, Optional.empty(), ArchiveLimits.defaults()))
        .isInstanceOfSatisfying(
            ArchiveRefusedException.class,
            e -> assertThat(e.rule()).isEqualTo(ArchiveRefusedException.Rule.TRUNCATED));
    BundleSource lazy = new BundleSource(bad, Optional.empty(), ArchiveLimits.defaults());
    assertThatThrownBy(lazy::prepare)
        .isInstanceOf(SourceUnavailableException.class)
        .hasCauseInstanceOf(ArchiveRefusedException.class)
        .hasMessageContaining("ArchiveTruncated");
  }

  @Test
  void aMissingFileIsUnavailableNotRefused() {
    assertThatThrownBy(
            () ->
                BundleSource.open(
                    tmp.resolve("none.tar.gz"), Optional.empty(), ArchiveLimits.defaults()))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("does not exist");
  }
}
